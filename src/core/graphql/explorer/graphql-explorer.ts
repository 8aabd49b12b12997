import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where the page's scripts and styles are served, under the GraphQL path. */
const EXPLORER_ASSETS_PATH = '/graphql/explorer';

/**
 * The files the page loads, each from a package installed with the project (devDependencies),
 * so the explorer works with no internet and no CDN: GraphiQL 4's standalone build (the last
 * major that ships one; 5 is ES modules around Monaco, for a bundler) on React 18's UMD builds,
 * the React it was built against.
 */
const PACKAGED_ASSETS: Record<string, [pkg: string, file: string]> = {
  'react.js': ['react', 'umd/react.production.min.js'],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.css': ['graphiql', 'graphiql.min.css'],
};

/**
 * Starts GraphiQL on this server's /graphql: operations over HTTP, subscriptions over the
 * same path's graphql-ws, with whatever the Headers tab holds (`{"authorization": "Bearer
 * ..."}` signs both in). A file of its own rather than an inline script, so the page needs no
 * 'unsafe-inline' should a Content-Security-Policy ever apply to it.
 */
const START_SCRIPT = `'use strict';
(function () {
  var url = new URL('/graphql', window.location.href);
  var socketUrl = new URL(url.href);
  socketUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  var fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: socketUrl.href });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultQuery: ${JSON.stringify(
        [
          '# Wontak GraphQL explorer (development only). Log in with logIn, then put',
          '# {"authorization": "Bearer <accessToken>"} in Headers below.',
          'query Proposals {',
          '  proposals(first: 5) {',
          '    nodes { id title supportCount }',
          '  }',
          '}',
          '',
        ].join('\n'),
      )},
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Wontak GraphQL explorer</title>
    <link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/graphiql.css" />
    <link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/page.css" />
  </head>
  <body>
    <div id="graphiql">Loading the GraphQL explorer…</div>
    <script src="${EXPLORER_ASSETS_PATH}/react.js"></script>
    <script src="${EXPLORER_ASSETS_PATH}/react-dom.js"></script>
    <script src="${EXPLORER_ASSETS_PATH}/graphiql.js"></script>
    <script src="${EXPLORER_ASSETS_PATH}/start.js"></script>
  </body>
</html>
`;

const PAGE_STYLE = 'body { margin: 0; }\n#graphiql { height: 100vh; }\n';

/** Our own small assets, written here. */
const OWN_ASSETS: Record<string, { type: string; body: string }> = {
  'start.js': { type: 'text/javascript', body: START_SCRIPT },
  'page.css': { type: 'text/css', body: PAGE_STYLE },
};

/**
 * Outside production, a browser opening /graphql (a GET that prefers HTML) gets GraphiQL, and
 * its files are served from /graphql/explorer/; every other request goes on to GraphQL as
 * before. False, with nothing served, when the packages are not installed (an install without
 * devDependencies).
 */
export function serveGraphqlExplorer(app: NestExpressApplication): boolean {
  const files = packagedFiles();
  if (!files) return false;
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/') {
      if (!prefersHtml(req)) return next();
      res.type('html').setHeader('Cache-Control', 'no-store');
      return void res.send(PAGE);
    }
    const name = req.path.startsWith('/explorer/') ? req.path.slice('/explorer/'.length) : null;
    if (name === null) return next();
    const own = Object.hasOwn(OWN_ASSETS, name) ? OWN_ASSETS[name] : undefined;
    if (own) return void res.type(own.type).send(own.body);
    const file = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!file) return void res.status(404).type('text/plain').send('Not found');
    res.sendFile(file, { maxAge: '1h' }, (error) => {
      if (error) next(error);
    });
  });
  return true;
}

/**
 * What a browser asks for when it opens the URL (text/html first), as against a GraphQL
 * client (JSON) or a tool that accepts anything.
 */
function prefersHtml(req: Request): boolean {
  return (
    req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) ===
    'text/html'
  );
}

/** The packaged files on disk, or null when a package is missing. */
function packagedFiles(): Record<string, string> | null {
  const require = createRequire(import.meta.url);
  const files: Record<string, string> = {};
  for (const [name, [pkg, file]] of Object.entries(PACKAGED_ASSETS)) {
    let folder: string;
    try {
      folder = dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      return null;
    }
    files[name] = join(folder, file);
    if (!existsSync(files[name])) return null;
  }
  return files;
}
