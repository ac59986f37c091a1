#!/usr/bin/env node
// A FAKE `kind` CLI for tests (kind cannot be installed on the build machines). It records its argv,
// keeps a tiny cluster list in a state file so create/get/delete agree with each other, and prints
// what kind prints, on the same streams. The text is written from kind's known output format (v0.2x),
// not captured on this machine: kind cannot run here.
//
// Controlled by environment variables:
//   FAKE_KIND_LOG      file to append one JSON line per invocation: {"argv": [...]}
//   FAKE_KIND_STATE    JSON file with {"clusters": [...]}; created when missing
//   FAKE_KIND_FAIL     a command to fail: version | get | create | load | delete | export
//   FAKE_KIND_HANG     a command that never finishes (to test deadlines)
//   FAKE_KIND_VERSION  what `kind version` reports (default "kind v0.27.0 go1.23.6 linux/amd64")
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const env = process.env;

if (env.FAKE_KIND_LOG) appendFileSync(env.FAKE_KIND_LOG, `${JSON.stringify({ argv })}\n`);

function readState() {
  if (!env.FAKE_KIND_STATE || !existsSync(env.FAKE_KIND_STATE)) return { clusters: [] };
  return JSON.parse(readFileSync(env.FAKE_KIND_STATE, 'utf8'));
}

function writeState(state) {
  if (env.FAKE_KIND_STATE) writeFileSync(env.FAKE_KIND_STATE, JSON.stringify(state));
}

function flag(name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

function fail(message, code = 1) {
  process.stderr.write(`ERROR: ${message}\n`);
  process.exit(code);
}

const command = argv[0];

if (env.FAKE_KIND_HANG && env.FAKE_KIND_HANG === command) {
  setInterval(() => {}, 60_000);
} else {
  run();
}

function kubeconfigFor(name) {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    '    certificate-authority-data: RkFLRQ==',
    '    server: https://127.0.0.1:36443',
    `  name: kind-${name}`,
    'contexts:',
    '- context:',
    `    cluster: kind-${name}`,
    `    user: kind-${name}`,
    `  name: kind-${name}`,
    `current-context: kind-${name}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: kind-${name}`,
    '  user:',
    '    client-certificate-data: RkFLRQ==',
    '    client-key-data: RkFLRQ==',
    '',
  ].join('\n');
}

function run() {
  const failing = env.FAKE_KIND_FAIL === command;
  switch (command) {
    case 'version': {
      if (failing) fail('unknown error');
      process.stdout.write(`${env.FAKE_KIND_VERSION ?? 'kind v0.27.0 go1.23.6 linux/amd64'}\n`);
      return;
    }
    case 'get': {
      if (argv[1] !== 'clusters') fail(`unknown command "${argv[1]}" for "kind get"`);
      if (failing)
        fail(
          'failed to list clusters: command "docker ps -a --filter label=io.x-k8s.kind.cluster --format \'{{.Label "io.x-k8s.kind.cluster"}}\'" failed with error: exit status 1',
        );
      const { clusters } = readState();
      if (clusters.length === 0) process.stderr.write('No kind clusters found.\n');
      else process.stdout.write(`${clusters.join('\n')}\n`);
      return;
    }
    case 'create': {
      const name = flag('--name', 'kind');
      const config = flag('--config', '');
      const kubeconfig = flag('--kubeconfig', '');
      const image = flag('--image', 'kindest/node:v1.32.2');
      const state = readState();
      process.stderr.write(`Creating cluster "${name}" ...\n`);
      if (state.clusters.includes(name))
        fail(`failed to create cluster: node(s) already exist for a cluster with the name "${name}"`);
      const workers =
        config && existsSync(config) ? (readFileSync(config, 'utf8').match(/role: worker/g) ?? []).length : 0;
      const stages = [
        `Ensuring node image (${image}) 🖼`,
        'Preparing nodes 📦' + ' 📦'.repeat(workers),
        'Writing configuration 📜',
        'Starting control-plane 🕹️',
        'Installing CNI 🔌',
        'Installing StorageClass 💾',
        ...(workers > 0 ? ['Joining worker nodes 🚜'] : []),
        `Waiting ≤ ${flag('--wait', '0s').replace(/^120s$/, '2m0s')} for control-plane = Ready ⏳`,
      ];
      for (const [i, stage] of stages.entries()) {
        process.stderr.write(` • ${stage}  ...\n`);
        if (failing && i === 3) {
          process.stderr.write(` ✗ ${stage}\n`);
          fail(
            'failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged ' +
              name +
              '-control-plane kubeadm init --skip-phases=preflight --config=/kind/kubeadm.conf --skip-token-print --v=6" failed with error: exit status 1',
          );
        }
        process.stderr.write(` ✓ ${stage}\n`);
      }
      process.stderr.write(' • Ready after 14s 💚\n');
      if (kubeconfig) writeFileSync(kubeconfig, kubeconfigFor(name));
      process.stderr.write(
        `Set kubectl context to "kind-${name}"\nYou can now use your cluster with:\n\nkubectl cluster-info --context kind-${name} --kubeconfig ${kubeconfig}\n\nHave a nice day! 👋\n`,
      );
      state.clusters.push(name);
      writeState(state);
      return;
    }
    case 'export': {
      const name = flag('--name', 'kind');
      const kubeconfig = flag('--kubeconfig', '');
      if (failing || !readState().clusters.includes(name))
        fail(
          `could not locate any control plane nodes for cluster named '${name}'. Use the --name option to select a different cluster`,
        );
      if (kubeconfig) writeFileSync(kubeconfig, kubeconfigFor(name));
      process.stderr.write(`Set kubectl context to "kind-${name}"\n`);
      return;
    }
    case 'load': {
      const name = flag('--name', 'kind');
      const images = argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--name');
      if (!readState().clusters.includes(name)) fail(`no nodes found for cluster "${name}"`);
      if (failing) fail(`image: "${images[0]}" not present locally`);
      for (const image of images) {
        process.stderr.write(
          `Image: "${image}" with ID "sha256:0123456789abcdef" not yet present on node "${name}-control-plane", loading...\n`,
        );
      }
      return;
    }
    case 'delete': {
      const name = flag('--name', 'kind');
      if (failing)
        fail(
          `failed to delete cluster "${name}": failed to delete nodes: command "docker rm -f -v ${name}-control-plane" failed with error: exit status 1`,
        );
      const state = readState();
      process.stderr.write(`Deleting cluster "${name}" ...\n`);
      if (state.clusters.includes(name)) {
        process.stderr.write(`Deleted nodes: ["${name}-control-plane"]\n`);
        state.clusters = state.clusters.filter((c) => c !== name);
        writeState(state);
      }
      return;
    }
    default:
      fail(`unknown command "${command}" for "kind"`);
  }
}
