import { ConfigError } from "@agent-baton/core";

/**
 * Splits a command line into words the way a POSIX shell would without expanding anything:
 * whitespace separates, '…' is literal, "…" honours \" \\ \$ \`, and \ escapes outside quotes.
 */
export function splitShellWords(line: string, what = "command"): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string))
        word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new ConfigError(`${what} has an unclosed ${quote} quote: ${line}; close it or drop it`);
  if (inWord) words.push(word);
  return words;
}
