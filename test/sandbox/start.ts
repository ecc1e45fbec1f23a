/**
 * `npm start [-- payouts.csv] [options]`: the whole add-on, offline, on a CSV file (default: the
 * demo). Progress goes to stderr, the report to stdout, the sheets to out/. See README "The
 * sandbox" and `npm start -- --help`.
 */
import { main } from "./cli";

process.exitCode = main(process.argv.slice(2), process);
