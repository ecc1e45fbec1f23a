/**
 * The emulator's formula engine: plain arithmetic of numeric literals (`=0.1+0.2`, `=-(2*3)/4`).
 * Anything else (function calls, references, text) evaluates to "#NAME?", which is what Sheets
 * shows for an unknown name; enough to see that a value was stored as a formula.
 */
import type { StoredValue } from "./sheet-model";

const NAME_ERROR = "#NAME?";

export function evaluateFormula(formula: string): StoredValue {
  const source = formula.replace(/^=/, "");
  let position = 0;
  const peek = () => source[position];
  const skipSpaces = () => {
    while (peek() === " ") position++;
  };

  function primary(): number {
    skipSpaces();
    if (peek() === "(") {
      position++;
      const value = sum();
      skipSpaces();
      if (peek() !== ")") throw new SyntaxError("missing )");
      position++;
      return value;
    }
    if (peek() === "-" || peek() === "+") {
      const sign = source[position++] === "-" ? -1 : 1;
      return sign * primary();
    }
    const literal = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?/i.exec(source.slice(position));
    if (!literal) throw new SyntaxError("not a number");
    position += literal[0].length;
    const text = literal[0];
    return text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
  }

  function product(): number {
    let value = primary();
    for (skipSpaces(); peek() === "*" || peek() === "/"; skipSpaces()) {
      const operator = source[position++];
      const right = primary();
      value = operator === "*" ? value * right : value / right;
    }
    return value;
  }

  function sum(): number {
    let value = product();
    for (skipSpaces(); peek() === "+" || peek() === "-"; skipSpaces()) {
      const operator = source[position++];
      const right = product();
      value = operator === "+" ? value + right : value - right;
    }
    return value;
  }

  try {
    const value = sum();
    skipSpaces();
    if (position !== source.length) return NAME_ERROR;
    return Number.isFinite(value) ? value : "#DIV/0!";
  } catch {
    return NAME_ERROR;
  }
}
