/**
 * cucumber's HTML report as labgate keeps it. cucumber's formatter titles every report "Cucumber", and draws a
 * Scenario Outline as its template (`<role>` and all) with each example headed by its number ("#1.2"): labgate
 * titles the page with the lab, and heads each example with its own scenario name, the outline's name with the
 * example's values filled in, as cucumber itself named it (the run's pickle, in the page's own messages).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const SCRIPT_ID = 'labgate-example-names';

/**
 * Runs in the page, after cucumber's own script has drawn it (and again whenever it redraws, e.g. a filter):
 * each example's heading (an element whose id is the example's table row) gets the name of the pickle made
 * from that row. Plain ES2015 in a string: it is not compiled, and must not be.
 */
const EXAMPLE_NAMES_SCRIPT = `(function () {
  var names = {};
  (window.CUCUMBER_MESSAGES || []).forEach(function (m) {
    var ids = m.pickle && m.pickle.astNodeIds;
    if (ids && ids.length > 1) names[ids[ids.length - 1]] = m.pickle.name;
  });
  function fill() {
    Object.keys(names).forEach(function (id) {
      var heading = document.getElementById(id);
      var label = heading && heading.querySelector('span');
      if (!label || label.getAttribute('data-labgate') === 'named') return;
      label.setAttribute('data-labgate', 'named');
      label.title = 'example ' + label.textContent.replace(/^#/, '');
      label.textContent = names[id];
    });
  }
  var content = document.getElementById('content');
  if (content) new MutationObserver(fill).observe(content, { childList: true, subtree: true });
  fill();
})();`;

/** The lab's name in the title and every example headed by its name; a file already done is left as it is. */
export function labelCucumberHtml(file: string, lab: string): void {
  if (!existsSync(file)) return;
  const html = readFileSync(file, 'utf8');
  const labelled = labelledCucumberHtml(html, lab);
  if (labelled !== html) writeFileSync(file, labelled);
}

export function labelledCucumberHtml(html: string, lab: string): string {
  let out = html.replace(/<title>[^<]*<\/title>/, `<title>labgate: ${escapeHtml(lab)}</title>`);
  const end = out.lastIndexOf('</body>');
  if (end >= 0 && !out.includes(`id="${SCRIPT_ID}"`))
    out = `${out.slice(0, end)}<script id="${SCRIPT_ID}">\n${EXAMPLE_NAMES_SCRIPT}\n</script>\n${out.slice(end)}`;
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
