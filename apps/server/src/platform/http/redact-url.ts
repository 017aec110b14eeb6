/**
 * Public routes whose URL *is* the credential (a rep's calendar feed, a voicemail recording the
 * provider fetches): their token never reaches a log line.
 */
const TOKEN_PATHS = /^(\/(?:calendar|voicemail)\/)[^/?#]+/;

export function redactUrl(url: string): string {
  return url.replace(TOKEN_PATHS, '$1[token]');
}
