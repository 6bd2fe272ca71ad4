// kpilot-bridge tested as a BI tool uses it: one bridge on a free loopback
// port serves a temporary data folder (a copy of samples/marketing and a
// generated dataset of more than 50,000 long-form rows), read with an
// independent OData client; further bridges are started for the key, the
// limits and refresh. samples/attribution is copied beside the marketing
// copy, where its model finds its journeys files. Run: node --test powerbi-connector/tests/client/
import { after, before, describe } from "node:test";

import { copyOfAttributionSamples, copyOfMarketing, removeFolder, startBridge, stopsCleanly, temporaryFolder } from "./harness.mjs";
import { writeGeneratedDataset } from "./generated_dataset.mjs";
import { odataClient } from "./odata.mjs";
import { serviceDocumentAndMetadata } from "./suites/service.mjs";
import { paging } from "./suites/paging.mjs";
import { queryOptions } from "./suites/query_options.mjs";
import { valuesAgreeWithCompute } from "./suites/values.mjs";
import { malformedRequests } from "./suites/malformed.mjs";
import { connectionLimits } from "./suites/limits.mjs";
import { apiKey } from "./suites/api_key.mjs";
import { refresh } from "./suites/refresh.mjs";
import { attributionSets } from "./suites/attribution.mjs";

// Filled in by before(); the suites read it when their tests run.
const service = {};

describe("kpilot-bridge read by an OData client", () => {
  before(async () => {
    service.dataFolder = temporaryFolder("bridge-data");
    service.marketingFolder = copyOfMarketing(service.dataFolder);
    service.attributionFolder = copyOfAttributionSamples(service.dataFolder);
    service.generatedFolder = writeGeneratedDataset(service.dataFolder);
    service.bridge = await startBridge(["--data", service.dataFolder]);
    service.url = service.bridge.url;
    service.port = service.bridge.port;
    service.odata = odataClient(service.url);
    service.paged = odataClient(service.url, { headers: { Prefer: "odata.maxpagesize=5000" } });
    // Every row of a set, read once through paging and shared by the suites.
    const read = new Map();
    service.fullSet = (name) => {
      if (!read.has(name)) read.set(name, service.paged.readAll(name).then(({ rows }) => rows));
      return read.get(name);
    };
  });
  after(async () => {
    await service.bridge?.stop();
    if (service.dataFolder) removeFolder(service.dataFolder);
  });

  serviceDocumentAndMetadata(service);
  paging(service);
  queryOptions(service);
  valuesAgreeWithCompute(service);
  attributionSets(service);
  malformedRequests(service);

  stopsCleanly(() => [service.bridge]);
});

connectionLimits();
apiKey();
refresh();
