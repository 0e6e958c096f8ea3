# Two commands for a fresh clone: `make preview` and `make test`. Both bootstrap .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STACK  ?= dev

.PHONY: help preview test check lint format typecheck unit judges netns-tools proof bench schema inputs controls readme docs diagram flows images tunnel up-oci up-baseline clean
.PHONY: policy-pack

## List the targets with what they do.
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z][a-z-]*:/{if(doc!=""){split($$0,t,":"); printf "  %-10s %s\n", t[1], doc}; doc=""} !/^## /{if(!/^[a-z][a-z-]*:/)doc=""}' $(MAKEFILE_LIST)

# PYTHONWARNINGS=ignore: setuptools' editable install always warns (InformationOnly, "Please be careful
# with folders in your working directory ...", setuptools/command/editable_wheel.py), which reads like a
# fault to a newcomer; pip's own errors still show.
$(STAMP): pyproject.toml constraints.txt
	@echo "==> $(VENV): creating it and installing the pinned dependencies (about a minute the first time)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	@echo "==> installing oke-secure and its dependencies from constraints.txt"
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)
	@echo "==> $(VENV) ready"

## The offline, policy-tested preview of the example stack (exit 1 on a mandatory violation).
preview: $(STAMP)
	@echo "==> offline preview of stacks/Pulumi.$(STACK).yaml (runs the program under mocks, then every policy)"
	$(BIN)/oke-secure preview --stack $(STACK)

## The policy pack directory for `pulumi preview --policy-pack out/policypack`, with the venv it names.
PACK_DIR ?= out/policypack
policy-pack: $(STAMP)
	rm -rf $(PACK_DIR)
	$(BIN)/oke-secure policy-pack --install $(PACK_DIR)

## Lint, type-check and run every test.
test: $(STAMP) lint typecheck unit

SOURCES := oke_secure components stacks tests bench examples/python

## Lint and format check (ruff).
lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

## Apply ruff's formatter and safe fixes.
format: $(STAMP)
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

## The fast loop (under a minute): lint, types and the tests not marked slow, on both cores (pytest-xdist).
check: $(STAMP) lint typecheck
	$(BIN)/pytest -q -m "not slow" -n 2

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) judges netns-tools
	$(BIN)/pytest -q

## ip and iptables for the NET-7 network-namespace test (tests/test_node_rule_netns.py); installed with
## apt-get when missing and we are root (CI), otherwise that test skips with its reason.
netns-tools:
	@if command -v ip >/dev/null && command -v iptables >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get install -y -qq iproute2 iptables >/dev/null 2>&1 || \
	  { apt-get update -qq >/dev/null && apt-get install -y -qq iproute2 iptables >/dev/null; }; \
	else echo "netns-tools: ip/iptables missing and not root; the NET-7 netns test will skip"; fi

## Independent judges in their own virtual environments (checkov pins old packages).
JUDGES := .venv-judges
judges: $(JUDGES)/checkov/.installed

$(JUDGES)/checkov/.installed: judges/requirements-checkov.txt judges/constraints-checkov.txt
	@test -x $(JUDGES)/checkov/bin/python || $(PYTHON) -m venv $(JUDGES)/checkov
	$(JUDGES)/checkov/bin/python -m pip install --quiet --disable-pip-version-check -r judges/requirements-checkov.txt -c judges/constraints-checkov.txt
	@touch $@

## The property test at full strength: 300 generated specs, each previewed and judged by the pack,
## in two shards of 150 (each from its own seed) running side by side on the two cores.
PROOF := HYPOTHESIS_PROFILE=nightly $(BIN)/pytest -q -p no:cacheprovider tests/test_property_hardened.py
proof: $(STAMP)
	@OKE_SECURE_PROPERTY_SHARD=1/2 $(PROOF) & first=$$!; \
	OKE_SECURE_PROPERTY_SHARD=2/2 $(PROOF); second=$$?; \
	wait $$first; first=$$?; \
	test $$first -eq 0 -a $$second -eq 0

bench: $(STAMP)
	$(BIN)/python -m bench

## Reachability of the stack's network (exit 1 if a flow OKE needs is blocked or something undeclared is open).
flows: $(STAMP)
	$(BIN)/oke-secure flows --stack $(STACK)

## The add-on images of the stack (Calico, CSI driver) and the skopeo/sign commands for registry.mirror (run after up-oci).
images: $(STAMP)
	$(BIN)/oke-secure images --stack $(STACK)

## Stage 1, the OCI layer, for real: pulumi up of stacks/ with the policy pack (needs the Pulumi CLI and OCI credentials).
up-oci: policy-pack
	pulumi up --stack $(STACK) --policy-pack $(PACK_DIR)

## Bastion session + tunnel kubeconfig out/$(STACK)-tunnel.yaml from the stack's outputs (keep the ssh running).
tunnel: $(STAMP)
	@mkdir -p out
	pulumi stack output --stack $(STACK) --show-secrets kubeconfig > out/$(STACK)-kubeconfig.yaml
	$(BIN)/oke-secure tunnel --bastion-id "$$(pulumi stack output --stack $(STACK) bastion_id)" \
	  --endpoint "$$(pulumi stack output --stack $(STACK) private_endpoint)" \
	  --region "$$(pulumi stack output --stack $(STACK) region)" \
	  --kubeconfig out/$(STACK)-kubeconfig.yaml --public-key $(or $(PUBLIC_KEY),$(HOME)/.ssh/id_ed25519.pub) \
	  $(if $(PRIVATE_KEY),--private-key $(PRIVATE_KEY)) \
	  --local-port $(or $(LOCAL_PORT),6443) $(if $(TTL),--ttl $(TTL)) --out out/$(STACK)-tunnel.yaml

## Stage 2, the Kubernetes baseline, for real: pulumi up of stacks/baseline with the policy pack (in the VCN, or with KUBECONFIG_FILE).
up-baseline: policy-pack
	cd stacks/baseline && $(if $(KUBECONFIG_FILE),OKE_SECURE_KUBECONFIG_FILE=$(abspath $(KUBECONFIG_FILE))) \
	  pulumi up --stack $(STACK) --policy-pack $(abspath $(PACK_DIR))

schema: $(STAMP)
	$(BIN)/oke-secure schema --out stacks/oke-secure.schema.json

## Regenerate oke_secure/spec/inputs.py (the TypedDicts of the spec sections) from the pydantic models.
inputs: $(STAMP)
	$(BIN)/python -m oke_secure.spec._inputs_source
	$(BIN)/ruff format oke_secure/spec/inputs.py

controls: $(STAMP)
	$(BIN)/oke-secure controls

## Regenerate docs/prod-diagram.md and the README's diagram from the prod stack's offline preview.
diagram: $(STAMP)
	$(BIN)/oke-secure diagram --stack prod --out docs/prod-diagram.md
	$(BIN)/python -c "from oke_secure.offline.diagram import update_readme_diagram; update_readme_diagram('README.md')"

## Regenerate the README's control and CIS OKE coverage tables, docs/CONTROLS.md and docs/NETWORK-RULES.md.
readme: $(STAMP) docs
	$(BIN)/python -c "from oke_secure.offline.docs import update_readme; update_readme('README.md')"
	$(BIN)/python -c "from oke_secure.offline.docs import update_readme_cis; update_readme_cis('README.md')"

## Regenerate docs/CONTROLS.md (catalogue + policies) and docs/NETWORK-RULES.md (netrules.TABLE).
docs: $(STAMP)
	$(BIN)/python -c "from oke_secure.offline.docs import write_documents; print(*write_documents('.'))"

clean:
	rm -rf $(VENV) $(JUDGES) out .pytest_cache .mypy_cache .ruff_cache
