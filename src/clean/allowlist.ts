// The one place that says which markup a post may keep. Everything else is removed or unwrapped.
// What the config may add on top (`allowHtml`) is capped by config.ts's NEVER_ALLOWED_* lists.
import { NEVER_ALLOWED_ATTRIBUTES, NEVER_ALLOWED_ELEMENTS } from '../config.js';

/** Elements kept, with the attributes each may carry (beyond GLOBAL_ATTRIBUTES). */
export const ALLOWED_ELEMENTS: Record<string, readonly string[]> = {
  p: [], br: [], hr: [], div: [], span: [], section: [],
  h2: [], h3: [], h4: [], h5: [], h6: [],
  strong: [], b: [], em: [], i: [], u: [], s: [], del: [], ins: [], mark: [], small: [], sub: [], sup: [],
  blockquote: ['cite'], q: ['cite'], cite: [], abbr: [], time: ['datetime'],
  code: [], pre: [], kbd: [], samp: [],
  ul: [], ol: ['start', 'reversed'], li: [], dl: [], dt: [], dd: [],
  table: [], caption: [], thead: [], tbody: [], tfoot: [], tr: [], colgroup: ['span'], col: ['span'],
  th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'],
  a: ['href', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'loading', 'decoding'],
  figure: [], figcaption: [],
};

/** Attributes any kept element may carry. */
export const GLOBAL_ATTRIBUTES: readonly string[] = ['title', 'lang'];

/** Elements removed together with everything inside them: their content is code or chrome, not text. */
export const DROPPED_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'template',
  'svg', 'math', 'link', 'meta', 'base', 'title', 'head', 'input', 'button', 'select', 'textarea',
  'option', 'canvas', 'audio', 'video', 'source', 'track', 'param', 'portal', 'noembed', 'noframes', 'xmp', 'plaintext',
]);

/** Attributes holding URLs, checked against the allowed schemes. */
export const URL_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src', 'cite', 'poster', 'longdesc']);

/** The attributes `element` may keep (with the config's additions), or undefined when the element is unwrapped. */
export function allowedAttributes(element: string, extra: Readonly<Record<string, readonly string[]>> = NO_EXTRA): ReadonlySet<string> | undefined {
  let cache = attributeCache.get(extra);
  if (!cache) attributeCache.set(extra, (cache = new Map()));
  if (!cache.has(element)) {
    const own = Object.hasOwn(ALLOWED_ELEMENTS, element) ? ALLOWED_ELEMENTS[element] : undefined;
    // The config was checked (config.ts); the ceiling is enforced here again for any other caller.
    const added = Object.hasOwn(extra, element) && !NEVER_ALLOWED_ELEMENTS.has(element) ? extra[element].filter((a) => !NEVER_ALLOWED_ATTRIBUTES.test(a)) : undefined;
    cache.set(element, own || added ? new Set([...GLOBAL_ATTRIBUTES, ...(own ?? []), ...(added ?? [])]) : undefined);
  }
  return cache.get(element);
}

const NO_EXTRA: Readonly<Record<string, readonly string[]>> = {};
const attributeCache = new WeakMap<object, Map<string, ReadonlySet<string> | undefined>>();

/** Schemes a link may use; relative URLs are always allowed. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto', 'tel']);

/** Inline images a post may embed as `data:` URLs (raster only: SVG can carry script). */
export const DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp|avif);base64,[a-z0-9+/=\s]+$/i;
