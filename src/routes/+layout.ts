// Every page is prerendered to static HTML; the workbench itself runs in the browser.
export const prerender = true;
export const ssr = true;
export const trailingSlash = 'always';
