// Text from posts put into HTML written by hand (not through a template, which escapes on its own).

/** `text` safe inside an element or a double-quoted attribute. */
export const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
