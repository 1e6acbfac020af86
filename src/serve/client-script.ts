// The script the dev server adds to each HTML page it serves (never to `build` output):
// it listens on the reload channel, reloads when the site changes, and shows build errors.

/** Where the reload channel listens. */
export const EVENTS_PATH = '/__newsarchive/events';

/** The error overlay's element id, for tests and for users' styles. */
export const OVERLAY_ID = 'newsarchive-error-overlay';

// Error text comes from posts, so the overlay is built with textContent, never innerHTML.
const CLIENT = `(() => {
  const served = __VERSION__;
  const source = new EventSource(${JSON.stringify(EVENTS_PATH)});
  const hide = () => document.getElementById(${JSON.stringify(OVERLAY_ID)})?.remove();
  const show = (errors) => {
    hide();
    const box = document.createElement('div');
    box.id = ${JSON.stringify(OVERLAY_ID)};
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2em;background:rgba(20,20,20,.92);color:#fff;font:14px/1.6 ui-monospace,monospace;white-space:pre-wrap';
    const title = document.createElement('h2');
    title.textContent = '构建出错 · build error';
    title.style.cssText = 'margin:0 0 1em;color:#ff8080;font-size:18px';
    box.append(title);
    for (const e of errors) {
      const item = document.createElement('p');
      const where = document.createElement('strong');
      where.className = 'where';
      where.textContent = e.file ? e.file + (e.line ? ':' + e.line : '') : '(site)';
      item.append(where, ': ' + e.message + (e.hint ? '\\n  ' + e.hint : ''));
      box.append(item);
    }
    document.body.append(box);
  };
  source.addEventListener('status', (event) => {
    const status = JSON.parse(event.data);
    if (status.version !== served) location.reload();
    else if (status.errors.length) show(status.errors);
    else hide();
  });
})();`;

/** The `<script>` for a page served at site `version`. */
export function clientScript(version: number): string {
  return `<script>${CLIENT.replace('__VERSION__', String(version))}</script>`;
}

/** Adds the client script before `</body>` (or at the end). */
export function injectClient(html: string, version: number): string {
  const at = html.lastIndexOf('</body>');
  const script = clientScript(version);
  return at === -1 ? html + script : html.slice(0, at) + script + html.slice(at);
}
