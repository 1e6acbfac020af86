// Images load over https, lazily, decoded off the main thread, and keep their size so the page
// does not jump. Eastmoney's CDN names files `…_w800h555.jpg`: when only a width is given, the
// name gives the height.
import type { Element } from 'domhandler';
import { elementsNamed } from '../dom.js';
import type { CleanRule } from '../rule.js';
import { withHttps } from '../urls.js';

const SIZE_IN_NAME = /_w(\d{2,5})h(\d{2,5})\.[a-z]+(?:$|\?)/i;
/** Alt texts that say nothing: better none, so a screen reader skips the image or reads its caption. */
const PLACEHOLDER_ALT = /^(image|img|picture|photo|图片|图像|配图)$/i;

export const tidyImages: CleanRule = {
  name: 'tidy-images',
  apply(root) {
    for (const img of elementsNamed(root, 'img')) {
      const a = img.attribs;
      if (a.src) a.src = withHttps(a.src.trim());
      a.loading = 'lazy';
      a.decoding = 'async';
      if (a.alt && PLACEHOLDER_ALT.test(a.alt.trim())) a.alt = '';
      const size = a.src ? SIZE_IN_NAME.exec(a.src) : null;
      if (size && /^\d+$/.test(a.width ?? '') && !a.height) {
        a.height = String(Math.round((Number(a.width) * Number(size[2])) / Number(size[1])));
      }
    }
  },
};
