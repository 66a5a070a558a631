/**
 * The real-n8n harness in one import, for the end-to-end and browser tests (`import * as h from …/harness`). The
 * scripts import the module that holds what they use; each module imports only those below it:
 *
 *   paths, process, ports, waiting        the machine: folders, processes, free ports, waiting for a state
 *   runtime, n8nLines, provision          the Node.js and the n8n (1.x or 2.x) installed into the cache
 *   package                               this package built and packed
 *   n8nHome, n8nEnv                       an n8n folder with the package installed; its processes' environment
 *   runData, n8nCli                       n8n's run data; n8n's CLI (import, publish, execute)
 *   n8nServer, rest, executions           a served n8n, its REST API, its executions (read, awaited, stopped)
 */
export * from './executions';
export * from './n8nCli';
export * from './n8nEnv';
export * from './n8nHome';
export * from './n8nLines';
export * from './n8nServer';
export * from './package';
export * from './paths';
export * from './ports';
export * from './provision';
export * from './rest';
export * from './runData';
