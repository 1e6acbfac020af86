// The closing lines name the paper and the editor: `（文章来源：大众日报）` (often in `p.em_media`,
// sometimes with a keyword link splitting the name) and `（责任编辑：王明）`. They move to `source`
// and `editor`; the header shows them. Short news items instead end their last sentence with the
// outlet in parentheses (`…目标。(中证网)`, `…8.4%。（央视新闻客户端）`): that is the source too.
import type { Element, Text } from 'domhandler';
import { lastParagraphs, removeBlock, textOf } from '../dom.js';
import type { CleanRule } from '../rule.js';

/** One credit: in full-width or ASCII parentheses, or bare when it is the whole line. */
const CREDIT = /[（(]\s*(文章来源|来源|稿件来源|责任编辑|编辑)\s*[：:]\s*([^（）()]+?)\s*[）)]/gu;
const BARE = /^(文章来源|来源|稿件来源|责任编辑|编辑)\s*[：:]\s*([^（）()：:]{1,30})$/u;

export const extractSource: CleanRule = {
  name: 'extract-source',
  apply(root, findings) {
    for (const p of lastParagraphs(root, 4)) {
      const credits = creditsOf(textOf(p).replace(/[\s\u00a0\u3000]+/g, ' ').trim());
      if (!credits) continue;
      for (const [label, value] of credits) {
        if (label.includes('编辑')) findings.editor ??= value;
        else findings.source ??= value;
      }
      removeBlock(p);
    }
    if (!findings.source) findings.source = takeTrailingOutlet(lastParagraphs(root, 1)[0]);
  },
};

/** `…。（中证网）` at the very end of the last paragraph: a sentence end, then a name that reads as an outlet. */
const TRAILING_OUTLET = /([。！？!?”」])\s*[（(]\s*([^（）()\s]{2,16}?(?:报|网|社|台|客户端|新闻|财经|APP|杂志|周刊|时报|快讯))\s*[）)]\s*$/u;

/** Removes the outlet from the paragraph's last text node and returns it, if it is there. */
function takeTrailingOutlet(p: Element | undefined): string | undefined {
  const last = p?.children[p.children.length - 1];
  if (!last || last.type !== 'text') return undefined;
  const text = last as Text;
  const match = TRAILING_OUTLET.exec(text.data);
  if (!match) return undefined;
  text.data = text.data.slice(0, match.index) + match[1];
  return match[2];
}

/** The label/value pairs of a line made of credits only, or undefined if anything else is on it. */
function creditsOf(line: string): Array<[string, string]> | undefined {
  const bare = BARE.exec(line);
  if (bare) return [[bare[1], bare[2].trim()]];
  const credits: Array<[string, string]> = [];
  const rest = line.replace(CREDIT, (_, label: string, value: string) => {
    credits.push([label, value.trim()]);
    return '';
  });
  return credits.length && !rest.trim() ? credits : undefined;
}
