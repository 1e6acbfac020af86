// A photo followed by its caption or credit (`图片来源：…`, `图为…`, `（新华社发）`) becomes one
// `<figure>` with a `<figcaption>`, so the credit stays with its picture and reads as a caption.
import type { AnyNode, Element } from 'domhandler';
import { append, createElement, elementsNamed, hasDescendant, insertBefore, isBlankText, isElement, nextElement, remove, textOf } from '../dom.js';
import { isCaption } from '../patterns.js';
import type { CleanRule } from '../rule.js';

export const makeFigures: CleanRule = {
  name: 'make-figures',
  apply(root) {
    for (const img of elementsNamed(root, 'img')) {
      const block = blockOf(img);
      if (!block) continue;
      const caption = nextElement(block);
      if (!caption || caption.name !== 'p' || hasDescendant(caption, 'img') || !isCaption(textOf(caption))) continue;
      const figure = createElement('figure');
      const figcaption = createElement('figcaption');
      insertBefore(block, figure);
      append(figure, img);
      append(figure, figcaption);
      append(figcaption, caption.children as AnyNode[]);
      remove(caption);
      if (block !== img) remove(block);
    }
  },
};

/** What stands for the image in the flow: a paragraph holding only it, or the image itself at block level. */
function blockOf(img: Element): Element | undefined {
  const parent = img.parent;
  if (!parent || parent.type === 'root') return img;
  if (!isElement(parent)) return undefined;
  if (parent.name === 'figure') return undefined;
  if (parent.name === 'div' || parent.name === 'section') return img;
  if (parent.name !== 'p') return undefined;
  const alone = parent.children.every((child) => child === img || isBlankText(child) || (isElement(child) && child.name === 'br'));
  return alone ? parent : undefined;
}
