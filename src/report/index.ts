/** The report: its data model (see schema/report.schema.json) and its terminal and HTML renderings. */

export { derivationWords } from './derivation.js';
export { escapeHtml, type HtmlOptions, REPORT_CSS, renderHtml } from './html.js';
export { csvCell, neutraliseControls, neutraliseDeep } from './safe-text.js';
export { renderTerminal, type TerminalOptions } from './terminal.js';
export * from './types.js';
