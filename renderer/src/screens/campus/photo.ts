/** Only a photo the page's CSP allows (img-src 'self' data:) becomes an <img>; else a placeholder. */
export function photoSrc(url: string | null, origin: string): string | null {
  if (!url) return null;
  if (url.startsWith('data:image/')) return url;
  try {
    return new URL(url).origin === origin ? url : null;
  } catch {
    return null;
  }
}
