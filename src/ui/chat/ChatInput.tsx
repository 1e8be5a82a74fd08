/**
 * The chat box: draws a TextBuffer (text and cursor), the slash-command completions under it and
 * one hint line. Pure view: editing happens in text-buffer.ts, keys in useChatKeys.ts. A long
 * paste is drawn folded (its first lines and a count), never laid out whole.
 */
import { Box, Text } from 'ink';
import { colour } from '../theme.js';
import { clip, formatSize, inert } from './inert.js';
import type { SlashCommand } from '../../chat/commands.js';
import type { TextBuffer } from './text-buffer.js';

/** More than this many lines, or characters, and the box shows the paste folded. */
export const FOLD_LINES = 8;
export const FOLD_CHARS = 2_000;

export interface ChatInputProps {
  buffer: TextBuffer;
  /** Shown dimmed in an empty box. */
  placeholder: string;
  /** One line under the box: what it accepts, or the keys that matter now. */
  hint: string;
  completions?: readonly SlashCommand[];
  selectedCompletion?: number;
  /** Columns available (the terminal width). */
  width?: number;
  /** A short note above the box (a refused paste, "Cleared."). */
  note?: string;
}

/** One line with the cursor drawn as an inverse cell at `column` (or none). */
function CursorLine({ line, column }: { line: string; column?: number }) {
  if (column === undefined) return <Text>{inert(line)}</Text>;
  const at = line.slice(column, column + 1) || ' ';
  return (
    <Text>
      {inert(line.slice(0, column))}
      <Text inverse>{inert(at)}</Text>
      {inert(line.slice(column + 1))}
    </Text>
  );
}

function Lines({ buffer }: { buffer: TextBuffer }) {
  let start = 0;
  const rows = buffer.text.split('\n').map((line, i) => {
    const column = buffer.cursor >= start && buffer.cursor <= start + line.length ? buffer.cursor - start : undefined;
    start += line.length + 1;
    return <CursorLine key={i} line={line} column={column} />;
  });
  return <Box flexDirection="column">{rows}</Box>;
}

function Folded({ text, width }: { text: string; width: number }) {
  const c = clip(text, 3, Math.max(20, width - 4));
  return (
    <Box flexDirection="column">
      {c.lines.map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
      <Text color={colour('muted')}>{`[pasted: ${c.totalLines} line${c.totalLines === 1 ? '' : 's'}, ${formatSize(text.length)}${c.hiddenLines ? `, ${c.hiddenLines} more not shown` : ''}] Enter sends it as one message · Ctrl-C clears`}</Text>
    </Box>
  );
}

export function ChatInput({ buffer, placeholder, hint, completions = [], selectedCompletion = 0, width = 80, note }: ChatInputProps) {
  const folded = buffer.text.length > FOLD_CHARS || buffer.text.split('\n', FOLD_LINES + 1).length > FOLD_LINES;
  return (
    <Box flexDirection="column">
      {note && <Text color={colour('warn')}>{note}</Text>}
      <Box borderStyle="round" borderColor={colour('accent')} paddingX={1} width={width}>
        <Text color={colour('accent')}>{'› '}</Text>
        {buffer.text === '' ? (
          <Text>
            <Text inverse> </Text>
            <Text color={colour('muted')}>{placeholder}</Text>
          </Text>
        ) : folded ? (
          <Folded text={buffer.text} width={width} />
        ) : (
          <Lines buffer={buffer} />
        )}
      </Box>
      {completions.length > 0 && (
        <Box flexDirection="column" marginLeft={2}>
          {completions.map((c, i) => (
            <Text key={c.name} wrap="truncate-end" color={i === selectedCompletion ? colour('accent') : undefined} bold={i === selectedCompletion}>
              {`/${`${c.name}${c.args ? ` ${c.args}` : ''}`.padEnd(18)}`}
              <Text color={colour('muted')}>{c.description}</Text>
            </Text>
          ))}
        </Box>
      )}
      <Text color={colour('muted')}>{hint}</Text>
    </Box>
  );
}
