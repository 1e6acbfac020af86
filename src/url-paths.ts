// Site URLs and the files they are written to; shared by the model and the output guard.

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// Any character one of checkUrlPath's rules refuses (see refusedCharacter).
const REFUSED_CHARACTER = /[%\u0000-\u001f\u007f\\?#<>:"|*]/;
// The whole path, where each segment may take 255 bytes: with the output folder's own path in
// front, a longer one nears Linux's 4,096-byte limit for a path (and failed the build there).
const MAX_URL_BYTES = 1024;
const DOT = 0x2e;
const SPACE = 0x20;

/**
 * Why a URL path is unsafe as an output path, or undefined when it is safe. URLs reach here
 * decoded once (see `expandPermalink`), so a `%` left over is a double escape (`%252e%252e`) or a
 * malformed one: both are refused rather than guessed at.
 */
export function checkUrlPath(url: string): string | undefined {
  // Every page of a build passes here: one test for all the refused characters, the reasons only for a URL that has one.
  if (REFUSED_CHARACTER.test(url)) return refusedCharacter(url);
  // A link to "//host/…" leaves the site: browsers read it as another host's address.
  if (url.includes('//')) return 'it holds an empty segment ("//")';
  if (url.length * 3 > MAX_URL_BYTES && Buffer.byteLength(url) > MAX_URL_BYTES) return `it is longer than ${MAX_URL_BYTES} bytes`;
  for (const segment of url.split('/')) {
    if (segment === '..' || segment === '.') return `it holds a "${segment}" segment`;
    if (WINDOWS_DEVICE.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    const last = segment.charCodeAt(segment.length - 1);
    if (last === DOT || last === SPACE) return `"${segment}" ends with a dot or a space, which Windows drops`;
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (segment.length * 3 > 255 && Buffer.byteLength(segment) > 255) return 'a segment is longer than 255 bytes';
  }
  return undefined;
}

/** Why `url`, which holds some REFUSED_CHARACTER, is refused: the first rule it breaks. */
function refusedCharacter(url: string): string {
  if (url.includes('%')) return 'it holds a "%" after decoding its %-escapes (a double or malformed escape)';
  if (/[\u0000-\u001f\u007f]/.test(url)) return 'it holds control characters';
  if (url.includes('\\')) return 'it holds a backslash';
  if (/[?#]/.test(url)) return 'it holds "?" or "#"';
  // A site is often copied to or served from Windows or macOS: names they refuse or fold are refused too.
  return 'it holds one of < > : " | *, which Windows forbids in file names';
}

// Files the site generates at fixed places, and folders that belong to the theme and the search.
const FIXED_OUTPUTS = /^(index\.html|404\.html|feed\.xml|robots\.txt|sitemap(-\d+)?\.xml|(categories|tags|archives)\/index\.html|page\/\d+\/index\.html|(assets|pagefind)\/.*)$/i;

/**
 * Why a post may not take `outputPath`, or undefined: a page the site itself makes there, or a
 * file name too long once `.html` is added to the URL's last segment (`/a/b` → `a/b.html`).
 */
export function checkOutputPath(outputPath: string): string | undefined {
  if (FIXED_OUTPUTS.test(outputPath)) return `the site itself writes ${outputPath}`;
  const name = outputPath.slice(outputPath.lastIndexOf('/') + 1);
  return name.length * 3 > 255 && Buffer.byteLength(name) > 255 ? `its file name ${name} is longer than 255 bytes` : undefined;
}

/** Output paths that name one file on a case-insensitive disk (macOS, Windows) compare equal by this key. */
export function outputKey(outputPath: string): string {
  return outputPath.normalize('NFC').toLowerCase();
}

/** The output file of an (unescaped) URL: `/a/b/` → `a/b/index.html`, `/a/b` → `a/b.html` (Jekyll's rule). */
export function outputPathOf(url: string): string {
  const path = url.replace(/^\/+/, '');
  if (path === '' || path.endsWith('/')) return `${path}index.html`;
  return /\.[a-z0-9]+$/i.test(path) ? path : `${path}.html`;
}
