/**
 * Utilities.formatDate: Java SimpleDateFormat patterns (not Intl, not Sheets formats).
 * Supported letters: G y M d E u a H k K h m s S z Z X; 'quoted text' and '' for a quote.
 */
import { zonedParts } from "../time-zone";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"].concat([
  "September",
  "October",
  "November",
  "December",
]);
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export class PatternError extends Error {}

function offsetText(offsetMinutes: number, withColon: boolean, hoursOnly = false): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  if (hoursOnly) return `${sign}${hours}`;
  return withColon ? `${sign}${hours}:${minutes}` : `${sign}${hours}${minutes}`;
}

export function formatDate(ms: number, timeZone: string, pattern: string): string {
  const p = zonedParts(ms, timeZone);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  const field = (letter: string, count: number): string => {
    switch (letter) {
      case "G":
        return "AD";
      case "y":
        return count === 2 ? pad(p.year % 100, 2) : pad(p.year, count);
      case "M":
        if (count >= 4) return MONTHS[p.month - 1];
        if (count === 3) return MONTHS[p.month - 1].slice(0, 3);
        return pad(p.month, count);
      case "d":
        return pad(p.day, count);
      case "E":
        return count >= 4 ? DAYS[p.weekday] : DAYS[p.weekday].slice(0, 3);
      case "u":
        return pad(p.weekday === 0 ? 7 : p.weekday, count);
      case "a":
        return p.hour < 12 ? "AM" : "PM";
      case "H":
        return pad(p.hour, count);
      case "k":
        return pad(p.hour === 0 ? 24 : p.hour, count);
      case "K":
        return pad(p.hour % 12, count);
      case "h":
        return pad(p.hour % 12 === 0 ? 12 : p.hour % 12, count);
      case "m":
        return pad(p.minute, count);
      case "s":
        return pad(p.second, count);
      case "S":
        return pad(p.millisecond, count);
      case "z":
        return p.offsetMinutes === 0 && /^(Etc\/)?(UTC|GMT)$/.test(timeZone)
          ? "UTC"
          : `GMT${offsetText(p.offsetMinutes, true)}`;
      case "Z":
        return offsetText(p.offsetMinutes, false);
      case "X":
        if (p.offsetMinutes === 0) return "Z";
        return offsetText(p.offsetMinutes, count >= 3, count === 1);
      default:
        throw new PatternError(`Illegal pattern character '${letter}'`);
    }
  };

  let out = "";
  for (let i = 0; i < pattern.length;) {
    const character = pattern[i];
    if (character === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      // Quoted text; inside it, '' is a literal quote too.
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] !== "'") out += pattern[j];
        else if (pattern[j + 1] === "'") out += pattern[++j];
        else break;
      }
      if (j >= pattern.length) throw new PatternError("Unterminated quote");
      i = j + 1;
    } else if (/[A-Za-z]/.test(character)) {
      let count = 1;
      while (pattern[i + count] === character) count++;
      out += field(character, count);
      i += count;
    } else {
      out += character;
      i++;
    }
  }
  return out;
}
