/**
 * The web app's URLs (CONTRACT section 5), as one rule shared by the add-on and the deploy
 * script (scripts/deploy.ts), so the URLs it prints are the ones the add-on uses.
 */

/** The /exec URL of a web app deployment. */
export function execUrlOf(deploymentId: string): string {
  return `https://script.google.com/macros/s/${deploymentId}/exec`;
}

/**
 * A callback URL: the /exec URL with `?provider=` (the registry's callbackParam) and `&token=`.
 * `tokenParam` is put in as given: the caller encodes a real token (or passes a placeholder).
 */
export function withCallbackQuery(base: string, provider: string, tokenParam: string): string {
  const separator = base.includes("?") ? "&" : "?";
  return `${base}${separator}provider=${provider}&token=${tokenParam}`;
}
