// What Chinese newspaper lines look like: bylines, credits, captions, quotes. Shared by the rules
// that extract them and the rules that must not mistake them for headings.
import { codePointLength } from './text.js';

/** The paper before a role, also named in full: `本报`, `经济日报记者 孙文`, `新京报记者 王明`. */
const PAPER = '本报|新华社|中新社|央视|[\\u4e00-\\u9fff]{1,8}(?:日报|晚报|早报|时报|商报|报|通讯社|网|电视台)';
/** Role words that come before reporters' names in a byline. */
const ROLE = `(?:${PAPER})?(?:特约|首席|实习)?(?:记者|通讯员|实习生|撰稿人?|摄影|编译)|报道`;
/** One-character roles (`文/王明`, `图：李华`) need their slash or colon, or they would eat a name's first character. */
const SHORT_ROLE = '(?:文[/／]图|文图|图文|文|图)\\s*[/／:：]?(?=\\s)|(?:文图|图文|文|图)\\s*[/／:：]';
/** A personal name: 2–4 Chinese characters, or a transliterated name joined with ·. */
const NAME = /^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}(?:[·•][\u4e00-\u9fff]{1,8})+$/u;

const ROLE_START = new RegExp(`^(?:(?:${ROLE})\\s*[/／:：]?|${SHORT_ROLE})\\s*`, 'u');

/** The names in a byline such as `本报记者 王明 通讯员 李华`, `文/王明`, `□郭鹏`; undefined if it is not one. */
export function parseByline(text: string): string[] | undefined {
  let rest = text.trim().replace(/^[□■]\s*/, '').replace(/^[（(]\s*(.*?)\s*[）)]$/, '$1');
  if (!rest || codePointLength(rest) > 40) return undefined;
  const hadMarker = /^[□■]/.test(text.trim());
  const names: string[] = [];
  let sawRole = false;
  while (rest) {
    const r = ROLE_START.exec(rest);
    if (r && r[0].length) {
      sawRole = true;
      rest = rest.slice(r[0].length);
      continue;
    }
    const token = /^[^\s、，,/／]+/u.exec(rest)?.[0];
    if (!token || !NAME.test(token)) return undefined;
    names.push(token);
    rest = rest.slice(token.length).replace(/^[\s、，,]+/u, '');
  }
  return names.length && (sawRole || hadMarker) ? names : undefined;
}

/** A byline in parentheses at the start of the first paragraph: `本报讯（记者 王明）3月1日，…`, `新华社北京1月18日电（记者王明）`. */
export const LEADING_BYLINE = /^([^（(]{0,20}?[讯电])?\s*[（(]([^（）()]{2,40})[）)]\s*/u;

/** Image credits and captions: `图片来源：…`, `图为…`, `（新华社发）`, `王明 摄`, `资料图`. */
const CAPTION = [
  /^[（(]?(?:图片来源|图片来自|图片提供|图源|来源|供图|摄影|制图|图文|图|上图|下图|左图|右图|资料图片?)\s*[：:／/]/u,
  /^[（(]?(?:图为|图片为|资料图)/u,
  /^[（(][^（）()]{0,30}(?:发|摄|供图|提供|制图)[）)]$/u,
  /^[^。！？]{0,30}\s(?:摄|供图)[）)]?$/u,
  // An agency credit is short and no sentence: `新华社北京1月18日电 …` after a photo is the story.
  /^[（(]?(?:新华社|中新社|人民视觉|视觉中国|IC ?photo|东方IC|图虫)[^。！？；，]{0,30}$/iu,
];

/** True when a short line reads as an image's caption or credit. */
export function isCaption(text: string): boolean {
  const t = text.trim();
  return codePointLength(t) <= 150 && CAPTION.some((re) => re.test(t));
}

/** A one-line quote: the whole line between quotation marks. */
export function isQuote(text: string): boolean {
  return /^[“「『"‘].*[”」』"’]$/u.test(text.trim());
}

/** Sentence punctuation: a line holding any of it is prose, not a heading. */
export const SENTENCE_PUNCTUATION = /[。！？!?；;，,：:…]/u;

/** A line that ends a sentence, or is long enough to be prose. */
export function isProse(text: string): boolean {
  const t = text.trim();
  // 48 UTF-16 units are at least 24 characters: most paragraphs need no counting.
  return t.length > 48 || codePointLength(t) > 24 || /[。！？!?；;…：:][”’」』）)"]*$/u.test(t);
}
