/** Names and numbers longer than this many characters are shortened in error messages. */
export const MAX_QUOTED_LENGTH = 40;

/**
 * A name or number of the expression quoted for an error message: `'text'`, or its first
 * characters and its length when it is longer than `MAX_QUOTED_LENGTH`, so a megabyte-long name
 * does not become a megabyte-long message.
 *
 * @example
 * quoteText("sine"); // "'sine'"
 * quoteText("x".repeat(1e6)); // "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (1000000 characters)"
 */
export function quoteText(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return `'${text}'`;
  const chars = Array.from(text); // code points: an emoji is one character, as in the columns
  if (chars.length <= MAX_QUOTED_LENGTH) return `'${text}'`;
  return `'${chars.slice(0, MAX_QUOTED_LENGTH - 10).join("")}…' (${chars.length} characters)`;
}
