/**
 * The HTTP API's OpenAPI 3.1 document, served at /openapi.json. The report and network schemas are the files in
 * schema/ (the same that describe `unspun check --json` and `unspun network --json`); test/server.test.ts
 * validates real responses of every route against this document.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package's root (src/server and dist/server are both two levels below it). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function schemaFile(name: string): Record<string, unknown> {
  const s = JSON.parse(readFileSync(`${PACKAGE_ROOT}schema/${name}`, 'utf8')) as Record<string, unknown>;
  // Embedded in the document: keep $id (its internal references resolve against it), drop the dialect line.
  delete s.$schema;
  return s;
}

const nullable = (type: string) => ({ type: [type, 'null'] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const page = {
  name: 'page',
  in: 'query',
  schema: { type: 'integer', minimum: 1 },
  description: '1-based page.',
};

let cached: Record<string, unknown> | null = null;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const articleRef = {
    type: 'object',
    required: ['id', 'url', 'site', 'siteName', 'title', 'published'],
    properties: {
      id: { type: 'string', description: 'The article id (its key in the corpus), as reports cite it.' },
      url: nullable('string'),
      site: { ...nullable('string'), description: 'Site key (registrable host).' },
      siteName: nullable('string'),
      title: { type: 'string' },
      published: nullable('string'),
    },
  };
  const withCount = (extra: Record<string, unknown>, required: string[]) => ({
    allOf: [ref('ArticleRef'), { type: 'object', required, properties: extra }],
  });
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'unspun API',
      version: '1',
      description:
        'Trace an article back to its sources in a corpus of earlier articles: sentence-level provenance, the ' +
        "spinner's substitutions, quotes and their speakers, the headline check; browse the corpus and its site " +
        'copy network. Errors are RFC 9457 problem details with a stable `code`. Writes need `Authorization: ' +
        'Bearer TOKEN`; a server started without a token is read-only.',
    },
    servers: [{ url: '/' }],
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness, and the check queue',
          responses: { 200: json(ref('Health'), 'The server is up.') },
        },
      },
      '/api/check': {
        post: {
          summary: 'Check one article',
          description:
            'The same report as `unspun check --json`. Give `text` (first line the headline), `headline` and ' +
            '`body`, `html` (a page), or `url` (fetched through the address guard: private, loopback and ' +
            "metadata addresses are refused). `Content-Location` names the report's permalink.",
          requestBody: { required: true, content: { 'application/json': { schema: ref('CheckRequest') } } },
          responses: {
            200: json(ref('Report'), 'The report.'),
            400: problem('No article in the request, or a malformed one (BAD_INPUT, USAGE).'),
            413: problem('The request body is over the size limit (TOO_LARGE).'),
            415: problem('The body is not JSON (UNSUPPORTED_FORMAT).'),
            422: problem(
              'The URL was refused or is not an HTML page (FETCH_BLOCKED, FETCH_NOT_HTML, FETCH_TOO_LARGE).',
            ),
            429: problem('Too many checks from this client (RATE_LIMITED); see Retry-After.'),
            502: problem('The URL could not be fetched (FETCH_FAILED).'),
            503: problem('The check queue is full or the check ran past its time limit (BUSY, TIMEOUT).'),
          },
        },
      },
      '/api/reports/{id}': {
        get: {
          summary: 'A report checked recently on this server (permalink)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: json(ref('Report'), 'The report.'),
            404: problem('Unknown or expired report (NOT_FOUND).'),
          },
        },
      },
      '/api/articles': {
        get: {
          summary: 'Stored articles, newest first',
          parameters: [
            { name: 'site', in: 'query', schema: { type: 'string' }, description: 'Site key.' },
            { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Text in the title.' },
            page,
            { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
          ],
          responses: {
            200: json(ref('ArticleList'), 'A page of articles.'),
            400: problem('A bad parameter (USAGE).'),
          },
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'One article, where it came from (its audit) and who copied it',
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: { type: 'string' },
              description:
                'The article id, percent-encoded ("url:https://..." becomes "url%3Ahttps%3A%2F%2F...").',
            },
          ],
          responses: {
            200: json(ref('ArticleView'), 'The article.'),
            404: problem('No such article (NOT_FOUND).'),
          },
        },
      },
      '/api/sites': {
        get: {
          summary: 'Every site of the corpus, most articles first',
          responses: { 200: json({ type: 'array', items: ref('SiteSummary') }, 'The sites.') },
        },
      },
      '/api/sites/{site}': {
        get: {
          summary: 'One site: what it copies from whom, who copies it, its timeline',
          parameters: [{ name: 'site', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: json(ref('SiteView'), 'The site.'),
            404: problem('No such site (NOT_FOUND).'),
          },
        },
      },
      '/api/network': {
        get: {
          summary: 'The site copy network (as `unspun network --json`)',
          parameters: [
            { name: 'since', in: 'query', schema: { type: 'string' } },
            { name: 'until', in: 'query', schema: { type: 'string' } },
            { name: 'minArticles', in: 'query', schema: { type: 'integer', minimum: 1 } },
            {
              name: 'excludeSite',
              in: 'query',
              description: 'a site left out: neither copier nor source (repeatable; site key or name)',
              schema: { type: 'array', items: { type: 'string' } },
              style: 'form',
              explode: true,
            },
            {
              name: 'onlySite',
              in: 'query',
              description: 'keep only these sites (repeatable)',
              schema: { type: 'array', items: { type: 'string' } },
              style: 'form',
              explode: true,
            },
          ],
          responses: {
            200: json(ref('Network'), 'The network.'),
            400: problem('A bad parameter (USAGE).'),
            404: problem(
              'The corpus has no audit yet (NO_AUDIT: run `unspun audit`), or a named site has no article (NOT_FOUND).',
            ),
          },
        },
      },
      '/api/stats': {
        get: { summary: 'What the corpus holds', responses: { 200: json(ref('Stats'), 'The statistics.') } },
      },
      '/api/ingest': {
        post: {
          summary: 'Add articles (JSON Lines, streamed; as `unspun ingest -`)',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: { 'application/x-ndjson': { schema: { type: 'string' } } },
          },
          responses: {
            200: json(ref('IngestSummary'), 'What was added; bad records are listed, not fatal.'),
            401: problem('Missing or wrong token (UNAUTHORIZED).'),
            403: problem('The server was started without a token: it is read-only (READ_ONLY).'),
            413: problem('The body is over the size limit (TOO_LARGE); what was read before is kept.'),
            429: problem('Too many requests (RATE_LIMITED).'),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', description: 'The UnspunError code (stable).' },
            subject: { type: 'string' },
          },
        },
        Health: {
          type: 'object',
          required: ['status', 'version', 'corpus', 'readOnly', 'checks'],
          properties: {
            status: { const: 'ok' },
            version: { type: 'string' },
            corpus: { type: 'boolean' },
            readOnly: { type: 'boolean' },
            checks: {
              type: 'object',
              required: ['workers', 'running', 'queued'],
              properties: {
                workers: { type: 'integer' },
                running: { type: 'integer' },
                queued: { type: 'integer' },
              },
            },
          },
        },
        CheckRequest: {
          type: 'object',
          properties: {
            text: { type: 'string', description: 'The article: first line the headline, then the body.' },
            headline: { type: 'string' },
            body: { type: 'string' },
            html: { type: 'string', description: 'An HTML page (the article is extracted from it).' },
            url: {
              type: 'string',
              description:
                "With `text`/`body`/`html`: the article's address (metadata). Alone: a page to fetch.",
            },
            site: { type: 'string' },
            published: { type: 'string', description: 'ISO 8601 date or date-time.' },
            byline: { type: 'string' },
            corpus: { type: 'boolean', description: 'Trace against the corpus (default true).' },
            headlineCheck: { type: 'boolean', description: 'Run the headline check (default true).' },
            exclude: {
              type: 'object',
              additionalProperties: false,
              description:
                'What not to count as provenance (all off by default; boilerplate excluded by default).',
              properties: {
                quotes: { type: 'boolean', description: 'Do not trace sentences that are mostly quotation.' },
                minWords: {
                  type: 'integer',
                  minimum: 1,
                  maximum: 1000,
                  description: 'Drop matches explaining fewer words.',
                },
                sites: {
                  type: 'array',
                  maxItems: 100,
                  items: { type: 'string' },
                  description: 'Sites never taken as sources.',
                },
                onlySites: {
                  type: 'array',
                  maxItems: 100,
                  items: { type: 'string' },
                  description: 'Only these sites may be sources.',
                },
                before: {
                  type: 'string',
                  description:
                    "Only sources published up to this ISO 8601 date (default: the article's date).",
                },
                boilerplate: {
                  type: 'boolean',
                  description: 'false: trace boilerplate lines like any line.',
                },
              },
            },
          },
        },
        Report: schemaFile('report.schema.json'),
        Network: schemaFile('network.schema.json'),
        ArticleRef: articleRef,
        ArticleList: {
          type: 'object',
          required: ['total', 'page', 'pageSize', 'pages', 'items'],
          properties: {
            total: { type: 'integer' },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
            pages: { type: 'integer' },
            items: { type: 'array', items: ref('ArticleRef') },
          },
        },
        ArticleView: {
          type: 'object',
          required: ['article', 'audit', 'copiers', 'copiersTotal', 'versions'],
          properties: {
            article: {
              allOf: [
                ref('ArticleRef'),
                {
                  type: 'object',
                  required: ['byline', 'text'],
                  properties: { byline: nullable('string'), text: { type: 'string' } },
                },
              ],
            },
            audit: {
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  required: ['sentences', 'traced', 'boilerplate', 'spinRate', 'origin', 'sources'],
                  properties: {
                    sentences: { type: 'integer' },
                    traced: { type: 'integer' },
                    boilerplate: { type: 'integer' },
                    spinRate: { type: 'number' },
                    origin: { oneOf: [{ type: 'null' }, ref('ArticleRef')] },
                    sources: {
                      type: 'array',
                      items: withCount(
                        {
                          sentences: { type: 'integer' },
                          quoted: { type: 'integer' },
                          copyEvidence: { type: 'boolean' },
                        },
                        ['sentences', 'quoted', 'copyEvidence'],
                      ),
                    },
                  },
                },
              ],
            },
            copiers: { type: 'array', items: withCount({ sentences: { type: 'integer' } }, ['sentences']) },
            copiersTotal: { type: 'integer' },
            versions: {
              description:
                'The texts stored under its id or URL, oldest first, when it was stored with several (an updated report); empty otherwise.',
              type: 'array',
              items: {
                type: 'object',
                required: ['version', 'title', 'ingestedAt', 'latest'],
                properties: {
                  version: { type: 'integer', minimum: 1 },
                  title: { type: 'string' },
                  ingestedAt: { type: 'string' },
                  latest: { type: 'boolean' },
                },
              },
            },
          },
        },
        SiteSummary: {
          type: 'object',
          required: ['site', 'name', 'articles', 'earliest', 'latest'],
          properties: {
            site: { type: 'string' },
            name: nullable('string'),
            articles: { type: 'integer' },
            earliest: nullable('string'),
            latest: nullable('string'),
          },
        },
        SiteView: {
          type: 'object',
          required: ['site', 'network', 'copiesFrom', 'copiedBy', 'recent'],
          properties: {
            site: ref('SiteSummary'),
            network: {
              description: "The site's row of the copy network (null before an audit).",
              oneOf: [
                { type: 'null' },
                { $ref: 'https://unspun.example/schema/network.schema.json#/properties/sites/items' },
              ],
            },
            copiesFrom: {
              type: 'array',
              items: { $ref: 'https://unspun.example/schema/network.schema.json#/properties/edges/items' },
            },
            copiedBy: {
              type: 'array',
              items: { $ref: 'https://unspun.example/schema/network.schema.json#/properties/edges/items' },
            },
            recent: ref('ArticleList'),
          },
        },
        Stats: {
          type: 'object',
          required: ['articles', 'sentences', 'sites', 'earliest', 'latest', 'schemaVersion', 'topSites'],
          properties: {
            articles: { type: 'integer', description: 'articles, each counted once whatever its versions' },
            versions: { type: 'integer', description: 'earlier versions kept besides the newest ones' },
            versionedArticles: { type: 'integer', description: 'articles with more than one version' },
            sentences: { type: 'integer' },
            sites: { type: 'integer' },
            earliest: nullable('string'),
            latest: nullable('string'),
            sizeBytes: nullable('integer'),
            schemaVersion: { type: 'integer' },
            fingerprintVersion: nullable('string'),
            boilerplateLines: nullable('integer'),
            topSites: {
              type: 'array',
              items: {
                type: 'object',
                required: ['site', 'articles'],
                properties: { site: { type: 'string' }, articles: { type: 'integer' } },
              },
            },
          },
        },
        IngestSummary: {
          type: 'object',
          required: ['added', 'versions', 'duplicates', 'duplicatesBy', 'rejected'],
          properties: {
            added: { type: 'integer' },
            versions: {
              type: 'integer',
              description:
                'articles stored as a new version of a stored article (same URL or id, another text)',
            },
            duplicates: { type: 'integer' },
            duplicatesBy: {
              type: 'object',
              required: ['id', 'url', 'content'],
              properties: { id: { type: 'integer' }, url: { type: 'integer' }, content: { type: 'integer' } },
            },
            rejected: {
              type: 'array',
              items: {
                type: 'object',
                required: ['file', 'reason'],
                properties: {
                  file: { type: 'string' },
                  line: { type: 'integer' },
                  reason: { type: 'string' },
                },
              },
            },
            truncated: {
              type: 'boolean',
              description: 'The body was cut at the size limit: what came before was stored.',
            },
          },
        },
      },
    },
  };
  return cached;
}
