/** A page as the production build writes it: the scripts of each area as data, or none. */
export function builtPage(areas: Record<string, string[]> | null): Document {
  const page = document.implementation.createHTMLDocument('Rehabit');
  if (areas) {
    const list = page.createElement('script');
    list.type = 'application/json';
    list.id = 'area-scripts';
    list.textContent = JSON.stringify(areas);
    page.body.append(list);
  }
  return page;
}
