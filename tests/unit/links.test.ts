import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyLink, cleanUrl, findLinks, repoName, textWithHrefs } from '../../lib/links';
import { parseHtml } from '../../lib/node/parse-html';
import type { PaperLink } from '../../lib/paper';

const urlsIn = (text: string) => findLinks({ text: [text] }).map((link) => link.url);

describe('cleaning', () => {
  it.each(['.', ',', ';', ':', '!', '?', '"', "'"])('drops a trailing %s', (mark) => {
    expect(urlsIn(`Code: https://github.com/agnJason/XHand${mark} Next`)).toEqual([
      'https://github.com/agnJason/XHand',
    ]);
    expect(cleanUrl(`https://github.com/agnJason/XHand${mark}`)).toBe('https://github.com/agnJason/XHand');
  });

  it('drops curly quotes and full-width punctuation', () => {
    expect(urlsIn('“https://github.com/a/b”')).toEqual(['https://github.com/a/b']);
    expect(urlsIn('代码：https://github.com/a/b。')).toEqual(['https://github.com/a/b']);
    expect(cleanUrl('https://github.com/a/b”.')).toBe('https://github.com/a/b');
    expect(cleanUrl('https://github.com/a/b’')).toBe('https://github.com/a/b');
    expect(cleanUrl('https://github.com/a/b，')).toBe('https://github.com/a/b');
  });

  it('drops an unbalanced closing bracket but keeps a balanced one', () => {
    expect(urlsIn('(code: https://github.com/a/b)')).toEqual(['https://github.com/a/b']);
    expect(urlsIn('[see https://github.com/a/b].')).toEqual(['https://github.com/a/b']);
    expect(cleanUrl('https://github.com/a/b).')).toBe('https://github.com/a/b');
    expect(cleanUrl('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe(
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    );
    expect(urlsIn('(see https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });

  it('splits two URLs glued together with no space', () => {
    expect(urlsIn('Code: https://github.com/a/b.https://github.com/c/d.')).toEqual([
      'https://github.com/a/b',
      'https://github.com/c/d',
    ]);
    expect(urlsIn('Code: https://github.com/a/bhttps://huggingface.co/c/d')).toEqual([
      'https://github.com/a/b',
      'https://huggingface.co/c/d',
    ]);
  });

  it('reads scheme-less github.com/owner/repo as https, but not any word with a dot', () => {
    expect(
      findLinks({ text: ['Code can be found at github.com/jacobdunefsky/ObservablePropagation.'] }),
    ).toEqual([
      {
        url: 'https://github.com/jacobdunefsky/ObservablePropagation',
        kind: 'code',
        host: 'github.com',
        repo: 'jacobdunefsky/ObservablePropagation',
        official: true,
      },
    ]);
    expect(urlsIn('Models: huggingface.co/org/name and www.example.org/tool')).toEqual([
      'https://huggingface.co/org/name',
      'https://www.example.org/tool',
    ]);
    expect(urlsIn('on the 4-class Land-Cover.ai dataset, Node.js, e.g. fig.3, i.e. ViT-B/16')).toEqual([]);
    expect(urlsIn('Code: https://github.com/a/b; weights: huggingface.co/c/d; page: c.github.io/d')).toEqual([
      'https://github.com/a/b',
      'https://huggingface.co/c/d',
      'https://c.github.io/d',
    ]);
  });

  it('keeps deep links and names their repository', () => {
    expect(findLinks({ text: ['see https://github.com/pagand/e2etransfuser/tree/cvpr-w to'] })).toEqual([
      {
        url: 'https://github.com/pagand/e2etransfuser/tree/cvpr-w',
        kind: 'code',
        host: 'github.com',
        repo: 'pagand/e2etransfuser',
      },
    ]);
    expect(repoName('https://github.com/ekinakyurek/google-research/blob/master/incontext')).toBe(
      'ekinakyurek/google-research',
    );
    expect(repoName('https://github.com/a/b.git')).toBe('a/b');
  });

  it('reads URLs out of LaTeX remnants in Hugging Face summaries', () => {
    // As in the HF listing fixture (2609.30670 and 2609.28660).
    expect(
      urlsIn(
        'Our benchmark and code can be accessed at https://github.com/om-ai-lab/trace-bench{https://github.com/om-ai-lab/trace-bench}.',
      ),
    ).toEqual(['https://github.com/om-ai-lab/trace-bench']);
    expect(urlsIn('Project page: https://morphometricimitation.github.io{this https URL}')).toEqual([
      'https://morphometricimitation.github.io',
    ]);
    expect(urlsIn('Code: \\url{https://github.com/a/b}.')).toEqual(['https://github.com/a/b']);
    expect(urlsIn('Code: \\href{https://github.com/a/b}{here}.')).toEqual(['https://github.com/a/b']);
    expect(urlsIn('Code: https://github.com/a/my\\_repo.')).toEqual(['https://github.com/a/my_repo']);
    // As in the arXiv daily corpus: a dot in math mode so that the URL is not linked, and `~` spaces.
    expect(urlsIn('Code: https://github$.$com/VanLinLin/DenseSR.')).toEqual([
      'https://github.com/VanLinLin/DenseSR',
    ]);
    expect(urlsIn('Code at~https://www.robots.ox.ac.uk/~vgg/research/x/.')).toEqual([
      'https://www.robots.ox.ac.uk/~vgg/research/x/',
    ]);
  });

  it('finds no URL in "this https URL": the URL is only in the anchor href', () => {
    expect(findLinks({ text: ['Code is available at this https URL.'] })).toEqual([]);
  });

  it('lowercases hosts and strips www. from host', () => {
    expect(findLinks({ text: ['Based on HTTPS://GitHub.COM/Owner/Repo'] })).toEqual([
      { url: 'https://github.com/Owner/Repo', kind: 'code', host: 'github.com', repo: 'Owner/Repo' },
    ]);
    expect(classifyLink('https://www.YouTube.com/watch?v=abc')).toEqual({
      url: 'https://www.youtube.com/watch?v=abc',
      kind: 'video',
      host: 'youtube.com',
    });
  });
});

describe('nothing but http(s)', () => {
  const hostile = [
    'javascript:alert(1)//github.com/a/b',
    'JaVaScRiPt:alert(1)',
    'https://github.com/a/b"><script>alert(1)</script>',
    "https://github.com/a/b'onmouseover='alert(1)",
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.com/file mailto:someone@example.com someone@example.com',
    '//evil.example.com/x',
    'https://github.com@evil.example.com/x',
    'vbscript:msgbox(1) file:///etc/passwd',
  ];

  it.each(hostile)('%s', (input) => {
    const links = [
      ...findLinks({ text: [input] }),
      ...findLinks({ hrefs: [input] }),
      ...findLinks({ githubRepo: input, projectPage: input }),
    ];
    for (const link of links) {
      expect(link.url).toMatch(/^https:\/\/[a-z0-9.-]+(\/[^\s"'<>]*)?$/);
      expect(link.url).not.toMatch(/javascript|script>|data:|ftp:|mailto:|@/i);
    }
  });

  it('keeps the URL before a quote and drops what follows it', () => {
    expect(urlsIn('https://github.com/a/b"><script>')).toEqual(['https://github.com/a/b']);
    expect(urlsIn("https://github.com/a/b'onmouseover='alert(1)")).toEqual(['https://github.com/a/b']);
    expect(findLinks({ hrefs: ['https://github.com/a/b"><script>'] }).map((link) => link.url)).toEqual([
      'https://github.com/a/b',
    ]);
  });

  it('rejects non-http schemes, credentials and protocol-relative URLs outright', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,x',
      'ftp://x.org/y',
      'mailto:a@b.org',
      '//x.org/y',
    ]) {
      expect(cleanUrl(url)).toBeUndefined();
    }
    expect(cleanUrl('https://user:pw@github.com/a/b')).toBeUndefined();
    // Relative hrefs and bare DOIs would otherwise read as hosts (10.1234 is the address 10.0.4.210).
    for (const url of [
      '/abs/2401.12345',
      '/10.1234/foo',
      '10.1234/foo',
      '1.2.3.4/x',
      '#top',
      'localhost:8080/x',
    ]) {
      expect(cleanUrl(url)).toBeUndefined();
    }
    expect(cleanUrl('www.example.org')).toBe('https://www.example.org');
    expect(findLinks({ text: ['javascript:alert(1)//github.com/a/b'] })).toEqual([]);
  });
});

describe('classification', () => {
  const cases: [url: string, kind: PaperLink['kind'], repo?: string][] = [
    ['https://github.com/facebookresearch/dino', 'code', 'facebookresearch/dino'],
    ['https://gitlab.com/group/sub/project/-/tree/main', 'code', 'group/sub/project'],
    ['https://gitlab.inria.fr/team/tool', 'code', 'team/tool'],
    ['https://bitbucket.org/owner/name/src/master/', 'code', 'owner/name'],
    ['https://codeberg.org/owner/name', 'code', 'owner/name'],
    ['https://sourceforge.net/projects/tool/', 'code'],
    ['https://anonymous.4open.science/r/tool-1234', 'code'],
    ['https://pypi.org/project/tool/', 'code'],
    ['https://github.com/features/copilot', 'other'],
    ['https://huggingface.co/mistralai/Mistral-7B-v0.1', 'model', 'mistralai/Mistral-7B-v0.1'],
    ['https://hf.co/org/name/tree/main', 'model', 'org/name'],
    ['https://huggingface.co/datasets/allenai/dolma', 'dataset', 'allenai/dolma'],
    ['https://zenodo.org/records/1234567', 'dataset'],
    ['https://doi.org/10.5281/zenodo.1234567', 'dataset'],
    ['https://www.kaggle.com/datasets/owner/set', 'dataset'],
    ['https://figshare.com/articles/dataset/x/123', 'dataset'],
    ['https://huggingface.co/spaces/org/demo', 'demo', 'org/demo'],
    ['https://org-demo.hf.space/', 'demo'],
    ['https://colab.research.google.com/drive/abc', 'demo'],
    ['https://replicate.com/owner/model', 'demo'],
    ['https://vla-precision.github.io/', 'project'],
    ['https://sites.google.com/view/lab-project', 'project'],
    ['https://www.youtube.com/watch?v=abc', 'video'],
    ['https://youtu.be/abc', 'video'],
    ['https://vimeo.com/123', 'video'],
    ['https://doi.org/10.1145/3292500.3330701', 'paper'],
    ['https://openreview.net/forum?id=abc', 'paper'],
    ['https://arxiv.org/abs/2401.12345', 'paper'],
    ['https://huggingface.co/papers/2401.12345', 'paper'],
    ['https://pytorch.org/', 'other'],
    ['https://huggingface.co/docs/transformers', 'other'],
    ['https://www.kaggle.com/game-arena', 'other'],
  ];

  it.each(cases)('%s is %s', (url, kind, repo) => {
    const link = classifyLink(url);
    expect(link?.kind).toBe(kind);
    expect(link?.repo).toBe(repo);
  });

  it.each([
    'https://github.com/features/copilot',
    'https://github.com/pricing',
    'https://github.com/marketplace/actions/setup-python',
    'https://github.com/topics/large-language-models',
    'https://github.com/sponsors/someone',
    'https://github.com/settings/profile',
    'https://github.com/login',
    'https://github.com/about',
    'https://github.com/enterprise',
    'https://github.com/',
  ])("%s is one of GitHub's own pages: other, no repository, no organisation", (url) => {
    expect(classifyLink(url)).toEqual({ url, kind: 'other', host: 'github.com' });
    expect(findLinks({ text: [`Our code is available at ${url}`] })[0]?.kind).toBe('other');
  });

  it.each([
    ['https://github.com/facebookresearch', 'code', 'facebookresearch'],
    ['https://github.com/facebookresearch/', 'code', 'facebookresearch'],
    ['https://github.com/orgs/facebookresearch/repositories', 'code', 'facebookresearch'],
    ['https://codeberg.org/forgejo', 'code', 'forgejo'],
    ['https://huggingface.co/mistralai', 'other', 'mistralai'],
  ])('%s is an organisation page: %s of %s, no repository', (url, kind, org) => {
    const link = classifyLink(url);
    expect(link).toMatchObject({ kind, org });
    expect(link?.repo).toBeUndefined();
  });

  it("calls the authors' own organisation page on Hugging Face a project, and says whose it is", () => {
    expect(findLinks({ text: ['Models are available at https://huggingface.co/mistralai.'] })).toEqual([
      {
        url: 'https://huggingface.co/mistralai',
        kind: 'project',
        host: 'huggingface.co',
        org: 'mistralai',
        official: true,
      },
    ]);
  });

  it('gives every link its host without www.', () => {
    expect(cases.map(([url]) => classifyLink(url)?.host)).toContain('kaggle.com');
    for (const [url] of cases)
      expect(classifyLink(url)?.host).toBe(new URL(url).hostname.replace(/^www\./, ''));
  });

  it('calls an unknown site the authors give as theirs a project, one mentioned in passing other', () => {
    expect(
      findLinks({ text: ['Models and code are available at https://mistral.ai/news/x/'] })[0]?.kind,
    ).toBe('project');
    expect(findLinks({ text: ['We implement it in JAX (https://jax.readthedocs.org) and'] })[0]?.kind).toBe(
      'other',
    );
    expect(findLinks({ projectPage: 'https://agentworld.io/' })).toEqual([
      { url: 'https://agentworld.io/', kind: 'project', host: 'agentworld.io', official: true },
    ]);
  });
});

describe('official', () => {
  it.each([
    'The codes and models are publicly available at https://github.com/a/b.',
    'Code is available at: https://github.com/a/b',
    'Code is at: https://github.com/a/b.',
    'Code and data: https://github.com/a/b',
    'Code available at https://github.com/a/b .',
    'The code is available by the link: https://github.com/a/b',
    'To reproduce our results, we will make the full implementation publicly available at https://github.com/a/b.',
    'Our benchmark and code can be accessed at https://github.com/a/b.',
    'SentencePiece is available under the Apache 2 license at https://github.com/a/b.',
    'Project page: https://a.github.io/b/',
    'Accepted at ACL 2024; Dataset: https://hf.co/datasets/a/b',
    '(code: https://github.com/a/b)',
    'The code and data have been released to https://github.com/a/b.',
    'Code is available at Github~\\footnote{https://github.com/a/b}.',
    'For the code and dataset, visit https://www.robots.ox.ac.uk/~vgg/research/x/.',
    'Github page: https://github.com/a/b',
    'Projects: https://github.com/a/b',
    'Our model outperforms baselines by 3 points. https://github.com/a/b',
    'The project page is https://a.github.io/b.',
    'Source code is available at $\\href{https://github.com/a/b}{link}$.',
    'The code is available on the \\href{https://a.github.io/b/}{project page}.',
    'The data and code are available through https://anonymous.4open.science/r/b.',
    'Videos can be seen at https://a.github.io/b/',
    'Our project page https://me.org/p shows videos.',
    'Website - https://me.org/p',
    'Project website — https://me.org/p',
    'See more details at https://me.org/p.',
    'More information at https://me.org/p.',
    'Our model, trained using TPUs, is available at https://github.com/a/b.',
  ])('%s', (text) => {
    expect(findLinks({ text: [text] })[0]?.official).toBe(true);
  });

  it.each([
    'We compare against DINO (https://github.com/a/b) on ImageNet.',
    'We build on https://github.com/a/b for the encoder.',
    'Unlike our approach, DINO (https://github.com/a/b) needs labels.',
    'See github.com/a/b.',
    'We use the data from https://github.com/a/b.',
    'We train on data using code in https://github.com/a/b.',
    'Our encoder is based on the public code available at https://github.com/a/b.',
    'The baseline was released at https://github.com/a/b, which we extend with a decoder.',
    'Code is built on top of https://github.com/a/b.',
  ])('not: %s', (text) => {
    expect(findLinks({ text: [text] })[0]?.official).toBeUndefined();
  });

  it.each([
    [
      'We extend DINO (https://github.com/facebookresearch/dino) and our code is at https://github.com/me/ours.',
      'facebookresearch/dino',
    ],
    [
      'Our implementation, based on the official code at https://github.com/x/y, is released at https://github.com/me/ours.',
      'x/y',
    ],
  ])('judges each link by the words since the link before it: %s', (text, others) => {
    expect(findLinks({ text: [text] }).map((link) => [link.repo, link.official])).toEqual([
      ['me/ours', true],
      [others, undefined],
    ]);
  });

  it('gives a link listed right after another the same standing', () => {
    const official = (text: string) =>
      findLinks({ text: [text] }).map((link) => [link.url, link.official ?? false]);
    expect(
      official(
        'Code and data are available at https://github.com/a/b and https://huggingface.co/datasets/a/b.',
      ),
    ).toEqual([
      ['https://github.com/a/b', true],
      ['https://huggingface.co/datasets/a/b', true],
    ]);
    expect(official('We compare with https://github.com/x/y, https://github.com/z/w and more.')).toEqual([
      ['https://github.com/x/y', false],
      ['https://github.com/z/w', false],
    ]);
  });

  it("takes Hugging Face's githubRepo and projectPage as official", () => {
    expect(
      findLinks({ githubRepo: 'https://github.com/a/b', projectPage: 'https://a.github.io/b/' }),
    ).toEqual([
      { url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b', official: true },
      { url: 'https://a.github.io/b/', kind: 'project', host: 'a.github.io', official: true },
    ]);
  });
});

describe('order and duplicates', () => {
  it('puts official first, code next, the rest in order of appearance', () => {
    const text =
      'Demo video at https://youtu.be/abc. We use https://github.com/third/party as a baseline. ' +
      'Our project page is at https://me.github.io/p and our code is available at https://github.com/me/code. ' +
      'We compare with https://example.org/tool.';
    expect(findLinks({ text: [text] }).map((link) => [link.url, link.kind, link.official ?? false])).toEqual([
      ['https://github.com/me/code', 'code', true],
      ['https://youtu.be/abc', 'video', true],
      ['https://me.github.io/p', 'project', true],
      ['https://github.com/third/party', 'code', false],
      ['https://example.org/tool', 'other', false],
    ]);
  });

  it('lists a repository given by the abstract and by Hugging Face once, the official one first', () => {
    const links = findLinks({
      text: [
        'We start from https://github.com/Hongyang-Du/FuseReg/tree/dev and https://github.com/other/base.',
      ],
      githubRepo: 'https://github.com/Hongyang-Du/FuseReg',
    });
    expect(links).toEqual([
      {
        url: 'https://github.com/Hongyang-Du/FuseReg',
        kind: 'code',
        host: 'github.com',
        repo: 'Hongyang-Du/FuseReg',
        official: true,
      },
      { url: 'https://github.com/other/base', kind: 'code', host: 'github.com', repo: 'other/base' },
    ]);
  });

  it('keeps the official mention when the same URL also appears in passing', () => {
    const links = findLinks({
      text: ['See https://github.com/a/b.', 'Our code is at https://github.com/a/b.'],
    });
    expect(links).toEqual([
      { url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b', official: true },
    ]);
  });

  it('treats scheme, www., case of the repository and a trailing slash as the same link', () => {
    const links = findLinks({
      text: ['Code: https://github.com/A/B/ and http://www.github.com/a/b and https://hf.co/datasets/x/y'],
      hrefs: ['https://huggingface.co/datasets/x/y'],
    });
    expect(links.map((link) => link.url)).toEqual(['https://github.com/A/B/', 'https://hf.co/datasets/x/y']);
  });

  it('keeps two different deep links into one repository', () => {
    expect(
      urlsIn(
        'Code: https://github.com/google-research/google-research/tree/master/a and https://github.com/google-research/google-research/tree/master/b',
      ),
    ).toHaveLength(2);
  });
});

describe('arXiv anchors', () => {
  const page = (name: string) => parseHtml(readFileSync(`tests/fixtures/arxiv-abs/${name}.html`, 'utf8'));
  const abstractOf = (name: string) => page(name).querySelector('blockquote.abstract') as Element;
  const commentsOf = (name: string) => page(name).querySelector('td.tablecell.comments') as Element;

  it('1808.06226: the GitHub link in the abstract', () => {
    const text = textWithHrefs(abstractOf('1808.06226v1-2026-github-in-abstract'));
    expect(text).toMatch(
      / available under the Apache 2 license at https:\/\/github\.com\/google\/sentencepiece\.$/,
    );
    expect(findLinks({ text: [text] })).toEqual([
      {
        url: 'https://github.com/google/sentencepiece',
        kind: 'code',
        host: 'github.com',
        repo: 'google/sentencepiece',
        official: true,
      },
    ]);
  });

  it('2609.22268: the GitHub link in the abstract', () => {
    const text = textWithHrefs(abstractOf('2609.22268v1-2026-09-newheader-codelink-msc'));
    expect(text).toContain(
      'are available at https://github.com/manasvupadhyay/spectral_galerkin_heat under the',
    );
    expect(findLinks({ text: [text] })).toEqual([
      {
        url: 'https://github.com/manasvupadhyay/spectral_galerkin_heat',
        kind: 'code',
        host: 'github.com',
        repo: 'manasvupadhyay/spectral_galerkin_heat',
        official: true,
      },
    ]);
  });

  const dolma = [
    {
      url: 'https://github.com/allenai/dolma',
      kind: 'code',
      host: 'github.com',
      repo: 'allenai/dolma',
      official: true,
    },
    // The href itself ends in ";": cleaned, and the host stays as written.
    {
      url: 'https://hf.co/datasets/allenai/dolma',
      kind: 'dataset',
      host: 'hf.co',
      repo: 'allenai/dolma',
      official: true,
    },
  ];

  it('2402.00159: "Dataset: this https URL Code: this https URL" in the comments', () => {
    const text = textWithHrefs(commentsOf('2402.00159v2-2026-comments-dataset-code'));
    expect(text).toBe(
      'Accepted at ACL 2024; Dataset: https://hf.co/datasets/allenai/dolma; Code: https://github.com/allenai/dolma',
    );
    expect(findLinks({ text: [text] })).toEqual(dolma);
  });

  it('2402.00159: text and hrefs passed apart give the same links', () => {
    const comments = commentsOf('2402.00159v2-2026-comments-dataset-code');
    const hrefs = [...comments.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(findLinks({ text: [comments.textContent ?? ''], hrefs })).toEqual(dolma);
  });

  it('2310.06825: a non-GitHub models-and-code URL in the comments', () => {
    const text = textWithHrefs(commentsOf('2310.06825v1-2026-comments-url'));
    expect(text).toBe('Models and code are available at https://mistral.ai/news/announcing-mistral-7b/');
    expect(findLinks({ text: [text] })).toEqual([
      {
        url: 'https://mistral.ai/news/announcing-mistral-7b/',
        kind: 'project',
        host: 'mistral.ai',
        official: true,
      },
    ]);
  });

  it('places the hrefs not written out in the text (an abstract from its meta tag) in the placeholders', () => {
    const links = findLinks({
      text: ['Our code is at https://github.com/a/b.', 'Project page: this https URL'],
      hrefs: ['https://github.com/a/b', 'https://me.org/p'],
    });
    expect(links).toEqual([
      { url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b', official: true },
      { url: 'https://me.org/p', kind: 'project', host: 'me.org', official: true },
    ]);
  });

  it('keeps hrefs that do not match the placeholders apart, without words', () => {
    expect(
      findLinks({ text: ['Code: this https URL and this https URL'], hrefs: ['https://github.com/a/b'] }),
    ).toEqual([{ url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b' }]);
  });

  it('textWithHrefs keeps other anchors readable and never puts in a non-http href', () => {
    const doc = parseHtml(
      '<p>Our <a href="https://x.org/p">project page</a>, <a href="javascript:alert(1)">this https URL</a>, ' +
        '<a href="/abs/2401.12345">arXiv:2401.12345</a>, <a href="https://x.org/q">https://x.org/q</a></p>',
    );
    expect(textWithHrefs(doc.querySelector('p') as Element)).toBe(
      'Our project page https://x.org/p, this https URL, arXiv:2401.12345, https://x.org/q',
    );
  });
});

describe('size', () => {
  // Spreading an array into push() overflowed the stack from about 120k links (measured); 200k is well past it.
  it('finds 200,000 URLs in one text without overflowing the stack', () => {
    const count = 200_000;
    const text = Array.from({ length: count }, (_, i) => `https://example.org/p${i}`).join(' ');
    const links = findLinks({ text: [text] });
    expect(links).toHaveLength(count);
    expect(links[0]?.url).toBe('https://example.org/p0');
    expect(links.at(-1)?.url).toBe(`https://example.org/p${count - 1}`);
  }, 20_000);
});
