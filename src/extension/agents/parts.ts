// A tool's answer (src/agents/answers.ts) as the parts of a language model tool result: text as
// text parts, with the tools named as VS Code lists them, and PNGs as image data parts. A failure
// is its sentence, which already says what to do next. No vscode import: the part makers are given.
import type { ToolAnswer } from '../../agents/answers';
import { forVsCode } from './contribution';

export interface PartMakers<P> {
  text(value: string): P;
  image(data: Uint8Array, mimeType: string): P;
}

export function toParts<P>(answer: ToolAnswer, make: PartMakers<P>): P[] {
  return answer.content.map((c) => (c.type === 'text' ? make.text(forVsCode(c.text)) : make.image(Buffer.from(c.data, 'base64'), c.mimeType)));
}
