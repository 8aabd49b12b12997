import { routeLabel } from './http-metrics.middleware.js';

describe('routeLabel', () => {
  const req = (path: string | undefined, baseUrl = '') =>
    ({ route: path === undefined ? undefined : { path }, baseUrl }) as Parameters<
      typeof routeLabel
    >[0];

  it('is the pattern of the route that answered, never the path a client chose', () => {
    expect(routeLabel(req('/health/live'), 200)).toBe('/health/live');
    expect(routeLabel(req('/workshops/:id.ics'), 404)).toBe('/workshops/:id.ics');
    expect(routeLabel(req('/:id', '/things'), 200)).toBe('/things/:id');
  });

  it('names a mount by its prefix (GraphQL), not by the catch-all it is registered with', () => {
    expect(routeLabel(req('/graphql{/*splat}'), 200)).toBe('/graphql');
    expect(routeLabel(req('/graphql/*rest'), 400)).toBe('/graphql');
  });

  it('is "unmatched" for a 404 without a route, "other" for anything else without one', () => {
    expect(routeLabel(req('{/*splat}'), 404)).toBe('unmatched');
    expect(routeLabel(req(undefined), 404)).toBe('unmatched');
    expect(routeLabel(req('{/*splat}'), 200)).toBe('other');
    expect(routeLabel(req(undefined), 500)).toBe('other');
  });
});
