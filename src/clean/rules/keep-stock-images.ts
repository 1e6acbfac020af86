// Eastmoney marks its stock-chart images with `<!-- EM_StockImg_Start -->…<!-- EM_StockImg_End -->`;
// the chart is content, but the link around it is a quote-page ad. Keep the image, drop the link.
import type { AnyNode, Comment } from 'domhandler';
import { elementsNamed, hasDescendant, isElement, remove, unwrap } from '../dom.js';
import type { CleanRule } from '../rule.js';

const START = 'EM_StockImg_Start';
const END = 'EM_StockImg_End';

export const keepStockImages: CleanRule = {
  name: 'keep-stock-images',
  apply(root) {
    // The markers are comments among the top-level blocks (or inside one wrapper), never deeper.
    const starts: Comment[] = [];
    const collect = (nodes: AnyNode[], depth: number): void => {
      for (const node of nodes) {
        if (node.type === 'comment' && (node as Comment).data.trim() === START) starts.push(node as Comment);
        else if (isElement(node) && depth < 2) collect(node.children as AnyNode[], depth + 1);
      }
    };
    collect(root.children as AnyNode[], 0);
    for (const start of starts) {
      let node = start.next;
      while (node && !(node.type === 'comment' && (node as Comment).data.trim() === END)) {
        if (isElement(node)) {
          // The links in document order: the element itself first, if it is one.
          const links = [...(node.name === 'a' ? [node] : []), ...elementsNamed(node, 'a')];
          for (const link of links) if (hasDescendant(link, 'img')) unwrap(link);
        }
        node = node.next;
      }
      if (node) remove(node);
      remove(start);
    }
  },
};
