/** How a piece of text is drawn on a colour terminal. */
export type Style = "bold" | "dim" | "green" | "cyan" | "yellow" | "red" | "magenta";

/** A run of text in one style; a line is a list of them, so it is cut to width before it is painted. */
export type Segment = readonly [text: string, style?: Style | null];
export type Line = Segment[];

const SGR: Record<Style, number> = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36 };

/** The line cut to `width` characters (an ellipsis marks the cut), painted when `color`. */
export function paint(line: Line, width: number, color: boolean): string {
  let left = width;
  let out = "";
  for (const [text, style] of line) {
    if (left <= 0) break;
    const chars = [...text];
    let piece = text;
    if (chars.length > left) piece = `${chars.slice(0, Math.max(0, left - 1)).join("")}…`;
    left -= Math.min(chars.length, left);
    out += color && style ? `\x1b[${SGR[style]}m${piece}\x1b[0m` : piece;
  }
  return out;
}

/** Text padded (or cut) to exactly `width` characters. */
export function cell(text: string, width: number): string {
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
  return text + " ".repeat(width - chars.length);
}
