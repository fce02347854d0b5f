/**
 * Every link in the 101 seed abstracts, as a person reads it there. The table was written from the
 * abstracts' text (grep for http, github, huggingface, doi, .io, .ai, ...), not from findLinks' output.
 * Each of these links is introduced by the authors ("Code is available at", "The dataset is available at"),
 * so all are official.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLinks } from '../../lib/links';

interface SeedPaper {
  id: string;
  abstract: string;
}

const papers: SeedPaper[] = readFileSync('tests/fixtures/datasets/hf-listing-seed.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

type Expected = [url: string, kind: string, repo?: string];

const github = (ownerName: string): Expected => [`https://github.com/${ownerName}`, 'code', ownerName];

const EXPECTED: Record<string, Expected[]> = {
  'seed-004': [github('D-Robotics-AI-Lab/DOSOD')],
  'seed-005': [github('TerryPei/EfficientVMamba')],
  'seed-007': [github('JinyuanLiu-CV/SegMiF')],
  'seed-008': [github('chips96/DEYOLO')],
  // Deep link to a branch: the URL stays, the repository is named.
  'seed-010': [['https://github.com/pagand/e2etransfuser/tree/cvpr-w', 'code', 'pagand/e2etransfuser']],
  // A Microsoft short link the authors give for "code and models": theirs, target unknown.
  'seed-012': [['https://aka.ms/tinyclip', 'project']],
  'seed-016': [github('IDEA-Research/DWPose')],
  'seed-017': [github('junia3/LPLD')],
  'seed-020': [github('CASIA-IVA-Lab/FLAP')],
  'seed-022': [github('guanxiongsun/video_feature_enhancement')],
  'seed-026': [github('jacobdunefsky/transcoder_circuits')],
  // Written without a scheme: "can be found at github.com/jacobdunefsky/ObservablePropagation."
  'seed-034': [github('jacobdunefsky/ObservablePropagation')],
  'seed-035': [github('nbasyl/OFQ')],
  'seed-039': [github('rayleizhu/GLMix')],
  'seed-040': [github('weeknan/DR-Tune')],
  'seed-055': [github('Junjie-Ye/TL-Training')],
  // Code on GitHub, then "our explanations are available at" a Hugging Face dataset.
  'seed-056': [
    github('EleutherAI/sae-auto-interp'),
    [
      'https://huggingface.co/datasets/EleutherAI/auto_interp_explanations',
      'dataset',
      'EleutherAI/auto_interp_explanations',
    ],
  ],
  // The same URL twice, glued with no space: "...Diversity-Driven-Synthesis.https://github.com/...".
  'seed-057': [github('AngusDujw/Diversity-Driven-Synthesis')],
  // "The dataset is available at" an IEEE DataPort DOI (prefix 10.21227).
  'seed-061': [['https://dx.doi.org/10.21227/40s8-xf63', 'dataset']],
  'seed-066': [github('DeepGraphLearning/RecommenderSystems')],
  'seed-072': [github('mlfoundations/model-soups')],
  'seed-076': [github('vita-epfl/TAROT')],
  // Last word of the abstract, no full stop after it.
  'seed-077': [github('Future-Mobility-Lab/SydneyIncidents')],
  'seed-083': [github('D-X-Y/NAS-Projects')],
  'seed-085': [github('wangkiw/TEEN')],
  'seed-087': [github('InstantStyle/InstantStyle')],
  'seed-089': [github('Jason-Qiu/EEG_Language_Alignment')],
  'seed-090': [github('AIGeeksGroup/DOEI')],
  'seed-091': [github('he-y/Data-independent-Module-Aware-Pruning')],
  'seed-095': [github('agnJason/XHand')],
  // Deep link into a fork of a monorepo.
  'seed-096': [
    [
      'https://github.com/ekinakyurek/google-research/blob/master/incontext',
      'code',
      'ekinakyurek/google-research',
    ],
  ],
  'seed-098': [github('ClaudiaCuttano/SAMWISE')],
};

describe('links in the seed abstracts', () => {
  it('reads all 101 papers, 32 of them with links', () => {
    expect(papers).toHaveLength(101);
    expect(papers.filter((paper) => EXPECTED[paper.id])).toHaveLength(32);
  });

  it.each(Object.entries(EXPECTED))('%s', (id, expected) => {
    const paper = papers.find((candidate) => candidate.id === id);
    const links = findLinks({ text: [paper?.abstract ?? ''] });
    expect(links.map(({ url, kind, repo }) => [url, kind, ...(repo ? [repo] : [])])).toEqual(expected);
    expect(links.every((link) => link.official)).toBe(true);
  });

  it('never invents a URL: each one is written in its abstract (the scheme aside)', () => {
    for (const paper of papers) {
      for (const link of findLinks({ text: [paper.abstract] })) {
        expect(paper.abstract).toContain(link.url.replace(/^https?:\/\//, ''));
      }
    }
  });

  it('finds nothing in the other 69 abstracts (dataset names like Land-Cover.ai, slashes like 1/3 and and/or)', () => {
    const withoutLinks = papers.filter((paper) => !EXPECTED[paper.id]);
    expect(withoutLinks).toHaveLength(69);
    for (const paper of withoutLinks)
      expect([paper.id, findLinks({ text: [paper.abstract] })]).toEqual([paper.id, []]);
  });
});
