// The search page: Pagefind in the browser. The query and filters live in the URL, so a search can be shared.
const form = document.querySelector('[data-search-root]');
const status = document.querySelector('.search-status');
const list = document.querySelector('.search-results');
const more = document.querySelector('.search-more');
const PAGE = 10;

const fields = {
  q: form.elements.namedItem('q'),
  newspaper: form.elements.namedItem('newspaper'),
  year: form.elements.namedItem('year'),
  sort: form.elements.namedItem('sort'),
};

function say(text) {
  status.textContent = text;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  for (const [name, field] of Object.entries(fields)) field.value = params.get(name) ?? '';
}

function writeUrl() {
  const params = new URLSearchParams();
  for (const [name, field] of Object.entries(fields)) if (field.value.trim()) params.set(name, field.value.trim());
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

/** Adds one option per filter value, most used first; keeps the value the URL asked for. */
function fillSelect(select, counts, order) {
  const chosen = new URLSearchParams(location.search).get(select.name) ?? '';
  const names = Object.keys(counts).sort(order);
  for (const name of names) select.add(new Option(`${name}（${counts[name]}）`, name));
  select.value = names.includes(chosen) ? chosen : '';
}

function resultItem(data) {
  const item = document.createElement('li');
  item.className = 'post-card search-result';
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  const meta = document.createElement('p');
  meta.className = 'post-card-meta';
  meta.textContent = [data.meta.date, data.meta.newspaper].filter(Boolean).join(' · ');
  const excerpt = document.createElement('p');
  excerpt.className = 'excerpt';
  // Pagefind escapes the page text and adds only <mark> around the words found.
  excerpt.innerHTML = data.excerpt;
  item.append(heading, meta, excerpt);
  return item;
}

async function loadPagefind() {
  const pagefind = await import(form.dataset.pagefind);
  await pagefind.options({ baseUrl: form.dataset.baseUrl, excerptLength: 40 });
  const filters = await pagefind.filters();
  fillSelect(fields.newspaper, filters.newspaper ?? {}, (a, b) => filters.newspaper[b] - filters.newspaper[a] || a.localeCompare(b, 'zh-CN'));
  fillSelect(fields.year, filters.year ?? {}, (a, b) => b.localeCompare(a));
  return pagefind;
}

function start() {
  if (form.dataset.enabled !== 'true') return;
  readUrl();
  // Listen at once, so what a reader types while the index loads is not lost.
  const ready = loadPagefind();
  let results = [];
  let shown = 0;
  let run = 0;

  async function showMore(mine) {
    const batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    const items = await Promise.all(batch.map((r) => r.data()));
    if (mine !== run) return;
    list.append(...items.map(resultItem));
    more.hidden = shown >= results.length;
  }

  async function search() {
    const mine = ++run;
    const q = fields.q.value.trim();
    say('正在搜索…');
    let pagefind;
    try {
      pagefind = await ready;
    } catch {
      say('搜索索引没有加载成功：请通过网站服务器访问本页（不能直接打开本地文件），或确认构建时生成了搜索索引。');
      return;
    }
    const filters = {};
    if (fields.newspaper.value) filters.newspaper = fields.newspaper.value;
    if (fields.year.value) filters.year = fields.year.value;
    const sort = fields.sort.value === 'date' ? { date: 'desc' } : undefined;
    if (!q && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      say('输入关键词开始搜索；也可以只选报纸或年份。');
      return;
    }
    const found = await pagefind.search(q || null, { filters, sort });
    if (mine !== run) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    await showMore(mine);
    if (mine !== run) return;
    const about = q ? `与“${q}”有关的` : '';
    say(results.length ? `找到 ${results.length} 篇${about}文章` : `没有找到${about}文章。试试更短的词，或去掉筛选。`);
  }

  let timer;
  fields.q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => (writeUrl(), search()), 250);
  });
  for (const select of [fields.newspaper, fields.year, fields.sort]) select.addEventListener('change', () => (writeUrl(), search()));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    writeUrl();
    search();
  });
  more.querySelector('button').addEventListener('click', () => showMore(run));
  search();
}

start();
