// The closing lines name the paper and the editor: `（文章来源：大众日报）` (often in `p.em_media`,
// sometimes with a keyword link splitting the name) and `（责任编辑：王明）`. They move to `source`
// and `editor`; the header shows them.
import { lastParagraphs, removeBlock, textOf } from '../dom.js';
import type { CleanRule } from '../rule.js';

/** One credit: in full-width or ASCII parentheses, or bare when it is the whole line. */
const CREDIT = /[（(]\s*(文章来源|来源|稿件来源|责任编辑|编辑)\s*[：:]\s*([^（）()]+?)\s*[）)]/gu;
const BARE = /^(文章来源|来源|稿件来源|责任编辑|编辑)\s*[：:]\s*([^（）()：:]{1,30})$/u;

export const extractSource: CleanRule = {
  name: 'extract-source',
  apply(doc, findings) {
    for (const p of lastParagraphs(doc, 4)) {
      const credits = creditsOf(textOf(p).replace(/[\s\u00a0\u3000]+/g, ' ').trim());
      if (!credits) continue;
      for (const [label, value] of credits) {
        if (label.includes('编辑')) findings.editor ??= value;
        else findings.source ??= value;
      }
      removeBlock(doc, p);
    }
  },
};

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
