/** How reports name the version of a source article that was stored with several texts. */

/** " (version 2)", " (version 1, since updated)", or "" for a source article stored with one text. */
export function versionNote(src: { version?: number; latestVersion?: false }): string {
  if (src.version === undefined) return '';
  return ` (version ${src.version}${src.latestVersion === false ? ', since updated' : ''})`;
}
