/** The lesson list with done and quiz-score marks. */
import { Box, Text } from 'ink';
import { cellCounts, type Lesson } from '../../notebook/cells.js';
import { quizScore, type Progress } from '../../notebook/progress.js';

export function LessonList({ lessons, progress, selected }: { lessons: Lesson[]; progress: Progress; selected: number }) {
  return (
    <Box flexDirection="column">
      <Text bold>tcpsleuth lessons</Text>
      <Text dimColor>↑/↓ choose · Enter open · q quit</Text>
      <Box flexDirection="column" marginTop={1}>
        {lessons.map((l, i) => {
          const lp = progress.lessons[l.id];
          const s = quizScore(lp, cellCounts(l).quiz);
          const mark = lp?.done ? '✓' : lp ? '…' : ' ';
          return (
            <Text key={l.id} inverse={i === selected}>
              {`${i === selected ? '›' : ' '} ${mark} ${l.title}`}
              <Text dimColor>{`  ${l.minutes} min${s.answered ? `  quiz ${s.right}/${s.total}` : ''}`}</Text>
            </Text>
          );
        })}
      </Box>
    </Box>
  );
}
