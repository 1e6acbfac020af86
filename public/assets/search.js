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

/**
 * The index is cut into shards, each a span of dates, newest first (see src/search/index.ts):
 * the first one loads the others listed in shards.json. Each shard carries a `shard` filter of
 * its own number, so one shard can be searched alone. Returns how many shards there are.
 */
async function mergeShards(pagefind, options) {
  const dir = new URL('./', new URL(form.dataset.pagefind, location.href));
  const response = await fetch(new URL('shards.json', dir));
  if (!response.ok) return 1;
  const { merge = [] } = await response.json();
  await Promise.all(merge.map((shard, i) => pagefind.mergeIndex(new URL(shard, dir).pathname, { ...options, mergeFilter: { shard: String(i + 1) } })));
  return merge.length + 1;
}

async function loadPagefind() {
  const pagefind = await import(form.dataset.pagefind);
  const options = { baseUrl: form.dataset.baseUrl, excerptLength: 40 };
  await pagefind.options({ ...options, mergeFilter: { shard: '0' } });
  const shards = await mergeShards(pagefind, options);
  const filters = await pagefind.filters();
  fillSelect(fields.newspaper, filters.newspaper ?? {}, (a, b) => filters.newspaper[b] - filters.newspaper[a] || a.localeCompare(b, 'zh-CN'));
  fillSelect(fields.year, filters.year ?? {}, (a, b) => b.localeCompare(a));
  return { pagefind, shards };
}

/**
 * The results in the order to show them, a batch at a time. Pagefind merges the shards' results
 * by relevance score, which is right for relevance but not for dates; and as the shards are
 * consecutive spans of dates, newest first, a newest-first list is each shard's own sorted list
 * in turn, fetched only as far as the reader scrolls.
 */
function resultSource(index, q, filters, byDate, found) {
  if (!byDate || index.shards === 1) {
    let next = 0;
    return async (n) => found.slice(next, (next += n));
  }
  let shard = 0;
  let fetched = 0;
  const waiting = [];
  return async (n) => {
    // Once every result is in hand, the older shards have nothing more to give.
    while (waiting.length < n && shard < index.shards && fetched < found.length) {
      const part = await index.pagefind.search(q, { filters: { ...filters, shard: String(shard++) }, sort: { date: 'desc' } });
      fetched += part.results.length;
      waiting.push(...part.results);
    }
    return waiting.splice(0, n);
  };
}

function start() {
  if (form.dataset.enabled !== 'true') return;
  readUrl();
  // Listen at once, so what a reader types while the index loads is not lost.
  const ready = loadPagefind();
  let total = 0;
  let nextBatch = async () => [];
  let shown = 0;
  let run = 0;

  async function showMore(mine) {
    const batch = await nextBatch(PAGE);
    if (mine !== run) return;
    shown += batch.length;
    const items = await Promise.all(batch.map((r) => r.data()));
    if (mine !== run) return;
    list.append(...items.map(resultItem));
    more.hidden = shown >= total;
  }

  async function search() {
    const mine = ++run;
    const q = fields.q.value.trim();
    say('正在搜索…');
    let index;
    try {
      index = await ready;
    } catch {
      say('搜索索引没有加载成功：请通过网站服务器访问本页（不能直接打开本地文件），或确认构建时生成了搜索索引。');
      return;
    }
    const filters = {};
    if (fields.newspaper.value) filters.newspaper = fields.newspaper.value;
    if (fields.year.value) filters.year = fields.year.value;
    const byDate = fields.sort.value === 'date';
    if (!q && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      say('输入关键词开始搜索；也可以只选报纸或年份。');
      return;
    }
    const found = await index.pagefind.search(q || null, { filters, sort: byDate ? { date: 'desc' } : undefined });
    if (mine !== run) return;
    total = found.results.length;
    nextBatch = resultSource(index, q || null, filters, byDate, found.results);
    shown = 0;
    list.replaceChildren();
    await showMore(mine);
    if (mine !== run) return;
    const about = q ? `与“${q}”有关的` : '';
    say(total ? `找到 ${total} 篇${about}文章` : `没有找到${about}文章。试试更短的词，或去掉筛选。`);
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
  // One batch at a time: newest-first batches are read shard after shard, in order.
  const moreButton = more.querySelector('button');
  moreButton.addEventListener('click', () => {
    moreButton.disabled = true;
    showMore(run).finally(() => (moreButton.disabled = false));
  });
  search();
}

start();
