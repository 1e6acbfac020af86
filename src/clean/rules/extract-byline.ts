// The reporters' names open the article: a whole first paragraph (`□郭鹏`, `本报记者 王明`,
// `记者 王明 通讯员 李华`, `文/王明`, `（记者 王明）`) or a parenthesis opening it
// (`本报讯（记者 王明）3月1日，…`). They move to `authors`; the header shows them.
import type { Text } from 'domhandler';
import { removeBlock, textOf, topElements } from '../dom.js';
import { LEADING_BYLINE, parseByline } from '../patterns.js';
import type { CleanRule } from '../rule.js';

export const extractByline: CleanRule = {
  name: 'extract-byline',
  apply(doc, findings) {
    // The digest may still be first when its rule is switched off.
    const first = topElements(doc).find((element) => element.name !== 'blockquote');
    if (!first || first.name !== 'p') return;
    const text = textOf(first);
    const names = parseByline(text);
    if (names) {
      findings.authors.push(...names);
      removeBlock(doc, first);
      return;
    }
    // Only a plain text start can hold the parenthesis: never cut across markup.
    const head = first.children[0];
    if (head?.type !== 'text') return;
    const match = LEADING_BYLINE.exec((head as Text).data.replace(/^[\s\u00a0\u3000]+/, ''));
    const leading = match && parseByline(match[2]);
    if (!match || !leading) return;
    findings.authors.push(...leading);
    const data = (head as Text).data.replace(/^[\s\u00a0\u3000]+/, '');
    // Keep the dateline (`本报讯`) if there is one: it is the paper's text, not the byline.
    (head as Text).data = (match[1] ?? '') + data.slice(match[0].length);
  },
};
