/**
 * One bot reply, drawn from its data. Every string goes through `inert` (replies quote what people
 * typed). A check is drawn with the guide's own StepCard and VerdictCard.
 */
import { Box, Text } from 'ink';
import type { Offer, Reply } from '../../chat/types.js';
import { formatHostPort } from '../../target.js';
import { formatRow, splitShown, TABLE_HEADER } from '../../scan/format.js';
import type { PortResult } from '../../scan/types.js';
import { StepCard } from '../components/StepCard.js';
import { VerdictCard } from '../components/VerdictCard.js';
import { colour, verdictTone, type Tone } from '../theme.js';
import { replyText } from '../../chat/text.js';
import { selfLine } from '../../explain/self.js';
import { checkItems } from './check-items.js';
import { clip, inert } from './inert.js';

/** A bot line: `tcpsleuth › text`, multi-line text kept, capped and inert. */
export function Say({ text, tone = 'guide', first = true }: { text: string; tone?: Tone; first?: boolean }) {
  const c = clip(text, 40, 2000);
  return (
    <Box flexDirection="column">
      {c.lines.map((l, i) => (
        <Text key={i} color={i === 0 && first ? colour(tone) : undefined}>{`${i === 0 && first ? 'tcpsleuth › ' : '  '}${l}`}</Text>
      ))}
      {c.hiddenLines > 0 && <Text color={colour('muted')}>{`  … ${c.hiddenLines} more lines`}</Text>}
    </Box>
  );
}

const Muted = ({ text }: { text: string }) => <Text color={colour('muted')}>{inert(text)}</Text>;
const List = ({ items, mark = '·' }: { items: readonly string[]; mark?: string }) => (
  <Box flexDirection="column" marginLeft={2}>
    {items.map((s, i) => (
      <Text key={i}>{`${mark === '#' ? `${i + 1}.` : mark} ${inert(s)}`}</Text>
    ))}
  </Box>
);

/** What Enter (or "yes") does now. */
export function offerText(offer: Offer): string {
  if (offer.kind === 'check') return `Press Enter (or type yes) to check ${formatHostPort(offer.target.host, offer.target.port)} live.`;
  if (offer.kind === 'lab') return `Press Enter (or type yes) to start the lab fault "${offer.scenario}" and check it.`;
  if (offer.kind === 'follow-up') return `Press Enter (or type yes) to ${offer.route.action} it.`;
  return 'Which host and port should I check? (e.g. db.internal:5432)';
}

function Body({ reply, id }: { reply: Reply; id: number }): React.ReactNode {
  switch (reply.kind) {
    case 'check': {
      const items = checkItems(reply, `c${id}`);
      return (
        <Box flexDirection="column">
          {items.map((it) => (it.kind === 'step' ? <StepCard key={it.key} item={it} /> : <VerdictCard key={it.key} item={it} />))}
        </Box>
      );
    }
    case 'explain':
      return (
        <Box flexDirection="column">
          <Say text={`${reply.aboveTcp ? `An error from above TCP${reply.tool ? ` (${reply.tool})` : ''}.` : reply.class === 'unknown' ? 'I could not tell what kind of error this is.' : `A ${reply.class} error${reply.tool ? ` from ${reply.tool}` : ''}${reply.host ? `, about ${formatHostPort(reply.host, reply.port ?? 0).replace(/:0$/, '')}` : ''}.`} ${reply.explanation}`} />
          {reply.causes.length > 0 && <Text bold>Likely causes</Text>}
          <List items={reply.causes} mark="#" />
          {reply.lessons.length > 0 && <Muted text={`Lessons: ${reply.lessons.map((l) => `/learn ${l}`).join(' · ')}`} />}
        </Box>
      );
    case 'answer':
      return (
        <Box flexDirection="column">
          <Say text={reply.answer ?? reply.text ?? 'The lessons do not answer that yet.'} />
          {reply.lesson && <Muted text={`From the lesson "${reply.lesson}"${reply.section ? `, ${reply.section}` : ''}. Learn more: ${reply.learnMore ?? selfLine(['learn', reply.lesson])}`} />}
        </Box>
      );
    case 'scan': {
      const ports = reply.ports.map((p) => ({ ...p, attempts: 1 }) as PortResult);
      const { shown, hidden } = splitShown(ports);
      const count = { open: 0, closed: 0, filtered: 0 };
      for (const p of ports) count[p.state]++;
      return (
        <Box flexDirection="column" marginLeft={2}>
          <Text bold>{inert(`scan of ${reply.host === reply.address ? reply.address : `${reply.host} (${reply.address})`}: ${count.open} open, ${count.closed} closed, ${count.filtered} filtered in ${Math.round(reply.durationMs)} ms`)}</Text>
          {shown.length > 0 && <Text bold>{TABLE_HEADER}</Text>}
          {shown.map((p) => (
            <Text key={p.port}>{formatRow(p, (_t, s) => s)}</Text>
          ))}
          {hidden.map((h) => (
            <Muted key={`${h.state}${h.reason}`} text={`Not shown: ${h.count} ${h.state} port${h.count === 1 ? '' : 's'} (${h.reason})`} />
          ))}
        </Box>
      );
    }
    case 'why':
      return (
        <Box flexDirection="column">
          <Say text={`${reply.target} is ${reply.verdict.toUpperCase()}: ${reply.meaning}`} tone={verdictTone(reply.verdict)} />
          <Text>{inert(reply.explanation)}</Text>
          {reply.evidence.length > 0 && <Text bold>The evidence</Text>}
          <List items={reply.evidence} />
          {reply.next.length > 0 && <Text bold>What to check next</Text>}
          <List items={reply.next} mark="#" />
        </Box>
      );
    case 'firewall':
      return (
        <Box flexDirection="column">
          <Say text={reply.answer} />
          <List items={reply.evidence} />
        </Box>
      );
    case 'traceroute':
      return (
        <Box flexDirection="column">
          <Say text={reply.summary} />
          <List items={reply.hops.map((h) => `${String(h.ttl).padStart(2)}  ${h.address ?? '*'}${h.rttMs === null ? '' : `  ${h.rttMs.toFixed(1)} ms`}`)} mark="" />
        </Box>
      );
    case 'capture':
      return (
        <Box flexDirection="column">
          <Say text={reply.summary} />
          {reply.transfers && <Say text={reply.transfers} />}
          <List items={reply.findings.map((f) => `${f.text} [${f.id}]`)} />
          {reply.fix && <Text color={colour('warn')}>{inert(`fix: ${reply.fix}`)}</Text>}
        </Box>
      );
    case 'lesson':
      return (
        <Box flexDirection="column">
          <Say text={`${reply.title} (${reply.minutes} min): ${reply.summary}`} />
          <Muted text={`Open it: ${reply.command}`} />
        </Box>
      );
    case 'quiz':
      return (
        <Box flexDirection="column">
          <Say text={reply.answered ? `${reply.answered.correct ? 'Right.' : `Not quite: the answer is ${reply.answered.answer + 1}.`} ${reply.answered.why}` : reply.question} />
          {!reply.answered && <List items={reply.choices} mark="#" />}
        </Box>
      );
    case 'lab':
      return (
        <Box flexDirection="column">
          <Say text={reply.text ?? `${reply.title}${reply.reason ? `: ${reply.reason}` : ''}`} />
          {reply.scenarios && <List items={reply.scenarios.map((s) => `${s.id}: ${s.title}${s.needsRoot ? ' (needs root)' : ''}`)} />}
          {reply.command && <Muted text={`$ ${reply.command}`} />}
          {reply.report && <Body reply={{ kind: 'check', ...reply.report }} id={id} />}
        </Box>
      );
    case 'watch':
    case 'from':
      return <Text>{inert(reply.lines.join('\n'))}</Text>;
    case 'report':
      return <Say text={reply.text ?? (reply.file ? `Wrote ${reply.file}.` : `Write a report with: ${reply.command}`)} />;
    case 'help':
    case 'unknown':
    case 'smalltalk':
      return (
        <Box flexDirection="column">
          <Say text={reply.text} />
          {reply.kind === 'help' && <List items={reply.commands.map((c) => `/${c.name.replace(/^\//, '').padEnd(18)} ${c.description}`)} mark="" />}
          {reply.examples.length > 0 && reply.kind !== 'smalltalk' && <Text bold>Try</Text>}
          <List items={reply.examples} />
        </Box>
      );
    case 'error':
      return (
        <Box flexDirection="column">
          <Say text={reply.text} tone="fail" />
          {reply.fix && <Text color={colour('warn')}>{inert(`fix: ${reply.fix}`)}</Text>}
        </Box>
      );
    case 'prompt':
    case 'ack':
    case 'stopped':
    case 'clear':
    case 'quit':
      return <Say text={reply.text} tone={reply.kind === 'prompt' ? 'accent' : 'guide'} />;
    case 'drill':
    case 'drill-result':
    case 'server':
      // The ticket and its choices, the grading, the checklist: the same words as the pipe's.
      return <Text>{replyText(reply)}</Text>;
    default:
      // Every kind of reply has a body: a new kind fails to compile here until it is drawn.
      return ((kind: never) => kind)(reply);
  }
}

/** Kinds whose body does not already say the reply's `text`. */
const LEADS = new Set<Reply['kind']>(['check', 'scan', 'watch', 'from', 'explain', 'firewall', 'lesson', 'why', 'traceroute', 'capture']);

/**
 * A reply: its lead sentence, the body, then what Enter does. With an offer, the reply's own
 * sentence (it asks the question) closes the reply, so the question sits next to the box.
 */
export function ReplyView({ reply, id }: { reply: Reply; id: number }) {
  const text = reply.text && LEADS.has(reply.kind) ? reply.text : undefined;
  return (
    <Box flexDirection="column">
      {text && !reply.offer && <Say text={text} />}
      <Body reply={reply} id={id} />
      {reply.offer && <Text color={colour('accent')}>{inert(text ?? offerText(reply.offer))}</Text>}
    </Box>
  );
}
