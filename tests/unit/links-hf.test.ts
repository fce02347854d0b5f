/**
 * The 28 papers of the saved Hugging Face daily list: `githubRepo` and `projectPage` beside the summary,
 * which repeats some of them (once with LaTeX braces). Expected links written from the page's data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLinks } from '../../lib/links';
import { parseHtml } from '../../lib/node/parse-html';

interface HfPaper {
  id: string;
  summary: string;
  githubRepo?: string;
  projectPage?: string;
}

const page = parseHtml(
  readFileSync('tests/fixtures/hf-list/daily-papers-2026-09-28-28papers-browser-dom.html', 'utf8'),
);
const props = JSON.parse(
  page.querySelector('[data-target="DailyPapers"]')?.getAttribute('data-props') ?? '{}',
);
const papers: HfPaper[] = props.dailyPapers.map((entry: { paper: HfPaper }) => entry.paper);

const code = (ownerName: string) => ({
  url: `https://github.com/${ownerName}`,
  kind: 'code',
  host: 'github.com',
  repo: ownerName,
  official: true,
});
const project = (url: string) => ({
  url,
  kind: 'project',
  host: new URL(url).hostname.replace(/^www\./, ''),
  official: true,
});

const EXPECTED: Record<string, object[]> = {
  '2609.31620': [code('Hongyang-Du/FuseReg'), project('https://hongyang-du.github.io/FuseReg/')],
  // The summary's "Code available at https://github.com/OpenDCAI/RayOrch ." is the same repository.
  '2609.18703': [code('OpenDCAI/RayOrch'), project('https://opendcai.github.io/RayOrch-doc/')],
  '2609.31394': [project('https://internrobotics.github.io/InternW0-Delta/')],
  '2609.24385': [code('E-Kovtun/tactile'), project('https://bosbobos.github.io/Tactile-JEPA/')],
  '2609.30216': [code('godxue1/Jev_in_the_wild')],
  '2609.25716': [code('JHLew/FoMo')],
  '2609.31590': [project('https://agentworld.io/')],
  '2609.29050': [code('SLCA-GRPO/SLCA-GRPO')],
  // A Kaggle page that is neither a dataset nor a competition: the paper's project page.
  '2609.31473': [project('https://www.kaggle.com/game-arena')],
  '2609.30192': [code('Susan571/SAGE-NeurIPS2026')],
  '2609.29167': [code('npci/IndicBankBench')],
  // "...trace-bench{https://github.com/om-ai-lab/trace-bench}." in the summary.
  '2609.30670': [code('om-ai-lab/trace-bench')],
  // The summary's "https://vla-precision.github.io." is the project page without its slash.
  '2609.04355': [code('scy-v/VLA-Precision'), project('https://vla-precision.github.io/')],
  // "Project page: https://morphometricimitation.github.io{this https URL}" in the summary.
  '2609.28660': [code('tsadja/morphometric'), project('https://morphometricimitation.github.io/')],
  '2609.28327': [code('AndreiiArhire/LightMIS')],
  '2609.29474': [code('halykoss/CodeGraph')],
  '2609.30837': [code('TURLEing/MOPD-Router')],
  '2609.30867': [code('yonghongzhang-io/ARGUS')],
  '2608.09444': [code('kschwethelm/continuous-depth-batching')],
  '2609.23551': [code('ShuyangenFrance/hrope')],
  '2604.02103': [code('jinsu0000/cashg-official')],
};

describe('links of the Hugging Face daily list', () => {
  it('reads 28 papers', () => expect(papers).toHaveLength(28));

  it.each(papers.map((paper) => [paper.id, paper] as const))('%s', (id, paper) => {
    const links = findLinks({
      text: [paper.summary],
      githubRepo: paper.githubRepo,
      projectPage: paper.projectPage,
    });
    expect(links).toEqual(EXPECTED[id] ?? []);
  });
});
