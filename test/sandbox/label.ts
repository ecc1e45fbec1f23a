/** How the sandbox names a fault it injected on purpose, wherever the fault is shown. */

/** The label every injected fault carries. */
export const SIMULATED = "(simulated)";

/**
 * A reason with its simulated fault named: "CoinGate reports that the payout failed.
 * (simulated: the sandbox made CoinGate fail it, --fail-rate 0.2)". `what` undefined: as is.
 */
export function labelSimulated(reason: string, what: string | undefined): string {
  if (!what) return reason;
  const label = `(simulated: ${what})`;
  return reason.includes(SIMULATED)
    ? reason.replace(SIMULATED, label)
    : `${reason} ${label}`.trim();
}

/** Text on one line for a terminal message or table: line breaks as ⏎, tabs as spaces. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, "⏎").replace(/\t/g, " ");
}
