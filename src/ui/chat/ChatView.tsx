/**
 * The chat screen, a pure view: the finished conversation in <Static> (printed once, kept in the
 * scrollback), what runs now, the numbered suggestion chips, and the input box at the bottom.
 */
import { Box, Static, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Suggestion, TranscriptItem } from '../../chat/types.js';
import { colour } from '../theme.js';
import { ChatInput, type ChatInputProps } from './ChatInput.js';
import { clip } from './inert.js';
import { ReplyView } from './ReplyView.js';

/** What the box accepts, in one line (also what the start benchmark waits for). */
export { CHAT_PLACEHOLDER } from './first-frame.js';

export interface ChatViewProps {
  items: readonly TranscriptItem[];
  /** The live part: a running check's step cards, a scan's progress. */
  live?: ReactNode;
  suggestions: readonly Suggestion[];
  input: ChatInputProps;
  /** Changes when the transcript was cleared, so <Static> starts over. */
  epoch?: number;
  /** Replaces the box once the chat is over ("Bye.", "Interrupted."). */
  closed?: string;
}

type Row = { id: number; banner: true } | TranscriptItem;

/** The user's message: capped, inert, a folded note for a long paste. */
export function UserLine({ text, lines }: { text: string; /** The whole message's lines, when `text` was cut. */ lines?: number }) {
  const c = clip(text, 12, 400, lines);
  return (
    <Box flexDirection="column" marginTop={1}>
      {c.lines.map((l, i) => (
        <Text key={i} color={colour('user')}>{`${i === 0 ? 'you › ' : '      '}${l}`}</Text>
      ))}
      {c.hiddenLines > 0 && <Text color={colour('muted')}>{`      … ${c.hiddenLines} more lines (${c.totalLines} in all)`}</Text>}
    </Box>
  );
}

function Banner() {
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color={colour('accent')}>
          tcpsleuth
        </Text>
        <Text>{': find out why a TCP connection fails, step by step, and learn why.'}</Text>
      </Text>
      <Text color={colour('muted')}>{'Type a host and port, paste an error, or ask a question. /help lists the commands.'}</Text>
    </Box>
  );
}

function RowView({ row }: { row: Row }) {
  if ('banner' in row) return <Banner />;
  if (row.role === 'user') return <UserLine text={row.text} lines={row.lines} />;
  return (
    <Box marginTop={1}>
      <ReplyView reply={row.reply} id={row.id} />
    </Box>
  );
}

/** The chips: `1 Scan it  2 Why?  3 Learn about RST`; typing the number and Enter picks one. */
export function SuggestionChips({ suggestions }: { suggestions: readonly Suggestion[] }) {
  if (!suggestions.length) return null;
  return (
    <Box flexWrap="wrap" columnGap={2} marginTop={1}>
      {suggestions.map((s, i) => (
        <Text key={`${i}${s.label}`}>
          <Text color={colour('accent')} bold>{`${i + 1}`}</Text>
          <Text>{` ${s.label}`}</Text>
        </Text>
      ))}
    </Box>
  );
}

export function ChatView({ items, live, suggestions, input, epoch = 0, closed }: ChatViewProps) {
  const rows: Row[] = epoch === 0 ? [{ id: -1, banner: true }, ...items] : [...items];
  return (
    <Box flexDirection="column">
      <Static key={epoch} items={rows}>
        {(row) => <RowView key={row.id} row={row} />}
      </Static>
      {live}
      {closed !== undefined ? (
        closed && <Text color={colour('muted')}>{closed}</Text>
      ) : (
        <>
          <SuggestionChips suggestions={suggestions} />
          <ChatInput {...input} />
        </>
      )}
    </Box>
  );
}
