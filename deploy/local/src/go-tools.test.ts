import { describe, expect, it } from 'vitest';
import { runTool } from './go-tools.ts';

describe('runTool', () => {
  it('answers the exit code and output of a tool that exits without reading its input (no EPIPE thrown)', async () => {
    const input = 'x'.repeat(4 * 1024 * 1024);
    const run = await runTool('sh', ['-c', 'echo refused >&2; exit 3'], { input });
    expect(run).toEqual({ code: 3, stdout: '', stderr: 'refused\n' });
  });

  it('gives a tool run without input no stdin to wait on', async () => {
    const run = await runTool('sh', ['-c', 'cat; echo done']);
    expect(run).toEqual({ code: 0, stdout: 'done\n', stderr: '' });
  });

  it('passes the input to a tool that reads it', async () => {
    expect(await runTool('wc', ['-c'], { input: 'abc' })).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\s*3\s*$/),
    });
  });
});
