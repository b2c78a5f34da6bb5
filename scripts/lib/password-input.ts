import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

// Reading a password for a command-line script, never from its arguments (they end up in
// shell history and in `ps` for every user of the machine):
//   - piped (stdin is not a terminal): the first line of stdin;
//   - on a terminal: typed at a prompt with echo off (raw mode), edited by typeKeys.

/** The first line of a stream, without its line ending; "" when the stream is empty. */
export function readFirstLine(input: Readable, limit = 65_536): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder("utf8");
    let text = "";
    const finish = () => {
      cleanup();
      input.destroy();
      const end = text.indexOf("\n");
      resolve((end === -1 ? text : text.slice(0, end)).replace(/\r$/, ""));
    };
    const onData = (chunk: Buffer | string) => {
      text += typeof chunk === "string" ? chunk : decoder.write(chunk);
      if (text.includes("\n") || text.length > limit) finish();
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      input.off("data", onData);
      input.off("end", finish);
      input.off("error", onError);
    };
    input.on("data", onData);
    input.once("end", finish);
    input.once("error", onError);
  });
}

export interface KeyState {
  value: string;
  done: boolean;
  cancelled: boolean;
}

/** What the hidden prompt holds after `chunk` arrives from a raw-mode terminal. */
export function typeKeys(value: string, chunk: string): KeyState {
  let chars = Array.from(value);
  for (let i = 0; i < chunk.length;) {
    const ch = String.fromCodePoint(chunk.codePointAt(i)!);
    i += ch.length;
    if (ch === "\r" || ch === "\n" || ch === "\u0004")
      return { value: chars.join(""), done: true, cancelled: false };
    if (ch === "\u0003") return { value: "", done: false, cancelled: true };
    if (ch === "\u007f" || ch === "\b") {
      chars.pop();
    } else if (ch === "\u0015") {
      chars = [];
    } else if (ch === "\u001b") {
      // An escape sequence (arrow keys, Delete …): ESC [ parameters final-byte, or ESC O x.
      if (chunk[i] === "[") {
        i++;
        while (i < chunk.length && !/[@-~]/.test(chunk[i])) i++;
        i++;
      } else if (chunk[i] === "O") {
        i += 2;
      }
    } else if (ch >= " ") {
      chars.push(ch);
    }
  }
  return { value: chars.join(""), done: false, cancelled: false };
}

export class PromptCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

/** Ask on the terminal without echoing what is typed. */
export function promptHidden(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  output.write(question);
  const decoder = new StringDecoder("utf8");
  let value = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const state = typeKeys(value, decoder.write(chunk));
      value = state.value;
      if (!state.done && !state.cancelled) return;
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      output.write("\n");
      if (state.cancelled) reject(new PromptCancelled());
      else resolve(value);
    };
    input.setRawMode(true);
    input.resume();
    input.on("data", onData);
  });
}
