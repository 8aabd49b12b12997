import { runtimeWarning, SUPPORTED_NODE_MAJOR } from './runtime-check.js';

describe('runtimeWarning', () => {
  it('says nothing on the supported line or later', () => {
    expect(runtimeWarning('26.12.1')).toBeNull();
    expect(runtimeWarning('v26.0.0')).toBeNull();
    expect(runtimeWarning('27.1.0')).toBeNull();
  });

  it('names the running and the supported Node on an older line, up to the edge', () => {
    expect(runtimeWarning('20.20.2')).toMatch(
      /^This is Node 20\.20\.2, but Wontak is built and tested on Node 26: /,
    );
    expect(runtimeWarning(`v${SUPPORTED_NODE_MAJOR - 1}.99.0`)).toContain('npm start');
  });

  it('says nothing about a version it cannot read', () => {
    expect(runtimeWarning('')).toBeNull();
    expect(runtimeWarning('nightly')).toBeNull();
  });

  it('reads the running process by default (this suite runs on the supported line)', () => {
    expect(runtimeWarning()).toBeNull();
  });
});
