#!/usr/bin/env python3
"""Verify a Countersign evidence bundle with Python 3's standard library and openssl.

usage: python3 verify.py [--fingerprint PUBLISHED_SHA256] [BUNDLE_DIR]

BUNDLE_DIR defaults to the folder this script is in. The script:
 1. takes public-key.pem as the first trusted key and prints its fingerprint
    (SHA-256 of the DER public key, as `openssl pkey -pubin -in public-key.pem
    -outform DER | sha256sum` gives); with --fingerprint it must match;
 2. follows each key rotation in rotations/ whose signature the key in force
    verifies (openssl);
 3. recomputes every event's hash from events.jsonl:
    sha256(prevHash + "\\n" + canonical JSON of the event without its two
    hashes), sorted keys, no whitespace; seq 1, 2, 3, ... each linked to the last;
 4. checks every checkpoint's Ed25519 signature (openssl) with a trusted key,
    and that the head (seq, hash) it signed for this chain lies on the
    recomputed chain;
 5. requires the last event to be covered by a signed checkpoint;
 6. checks every sign-off signed with a passkey (passkey-signatures.json):
    its key is the one its signoff.signed event recorded (SHA-256 of the DER
    key); the challenge in its clientDataJSON is
    base64url(sha256(canonical JSON of {releaseId, role, meaning,
    contentHash, auditHead: {seq, hash}})) of that sign-off; its type, origin
    and relying party hold and the user was verified; openssl verifies the
    signature over authenticatorData || sha256(clientDataJSON) with the key;
    what it signed is what the event recorded.
Prints "intact: ..." and exits 0, or "broken: ..." naming what failed and exits 1.
Nothing else in the bundle is trusted.
"""
import base64, glob, hashlib, json, os, subprocess, sys, tempfile

GENESIS = "0" * 64
FIELDS = ("chain", "seq", "type", "occurredAt", "actor", "subject", "data", "origin")


class Broken(Exception):
    pass


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def openssl(*args):
    try:
        return subprocess.run(["openssl", *args], capture_output=True)
    except FileNotFoundError:
        raise Broken("openssl is not installed; it is needed to check the signatures")


def fingerprint(pem, name):
    if not os.path.isfile(pem):
        raise Broken(f"{name} is missing")
    text = openssl("pkey", "-pubin", "-in", pem, "-noout", "-text")
    der = openssl("pkey", "-pubin", "-in", pem, "-outform", "DER")
    if text.returncode != 0 or der.returncode != 0 or not text.stdout.startswith(b"ED25519 Public-Key"):
        raise Broken(f"{name} is not an Ed25519 public key")
    return hashlib.sha256(der.stdout).hexdigest()


def signed_by(pem, data, sig):
    result = openssl("pkeyutl", "-verify", "-pubin", "-inkey", pem, "-rawin", "-in", data, "-sigfile", sig)
    return result.returncode == 0 and b"Signature Verified Successfully" in result.stdout


def load_json(path, name):
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        raise Broken(f"{name} cannot be read as JSON ({error})")


def signed_files(root, folder):
    """(name, path of the signed bytes, path of the signature), in order."""
    files = []
    for path in sorted(glob.glob(os.path.join(root, folder, "*.json"))):
        name = f"{folder}/{os.path.basename(path)}"
        sig = path[: -len(".json")] + ".sig"
        if not os.path.isfile(sig):
            raise Broken(f"{name} has no signature file {name[:-5]}.sig")
        files.append((name, path, sig))
    return files


def trusted_keys(root, scratch):
    """The first key (public-key.pem) and every key a valid rotation statement hands over to."""
    first = os.path.join(root, "public-key.pem")
    keys = [(fingerprint(first, "public-key.pem"), first, None)]
    for index, (name, path, sig) in enumerate(signed_files(root, "rotations")):
        current_fp, current_pem, _ = keys[-1]
        if not signed_by(current_pem, path, sig):
            raise Broken(f"the signature of {name} does not verify with key {current_fp}: the key rotation is forged")
        statement = load_json(path, name)
        if not isinstance(statement, dict) or statement.get("type") != "countersign.key-rotation":
            raise Broken(f"{name} is not a key rotation statement")
        if statement.get("previousFingerprint") != current_fp:
            raise Broken(f"{name} retires key {statement.get('previousFingerprint')}, but the key in force is {current_fp}")
        pem = os.path.join(scratch, f"key-{index + 1}.pem")
        with open(pem, "w", encoding="utf-8") as handle:
            handle.write(str(statement.get("publicKey", "")))
        new_fp = fingerprint(pem, f"the key named in {name}")
        if new_fp != statement.get("fingerprint"):
            raise Broken(f"{name} names key {statement.get('fingerprint')}, but the key it holds has fingerprint {new_fp}")
        keys.append((new_fp, pem, statement.get("createdAt")))
    return keys


def recompute(root):
    """The chain's name, the recomputed hash of every event by seq, and the sign-offs signed with a passkey (by id: seq, event)."""
    path = os.path.join(root, "events.jsonl")
    if not os.path.isfile(path):
        raise Broken("events.jsonl is missing")
    chain, prev, hashes, passkey_signed = None, GENESIS, {}, {}
    with open(path, encoding="utf-8") as handle:
        lines = [(number, line) for number, line in enumerate(handle, 1) if line.strip()]
    if not lines:
        raise Broken("events.jsonl holds no events")
    for number, line in lines:
        expected = len(hashes) + 1
        try:
            event = json.loads(line)
            content = {field: event[field] for field in FIELDS}
            seq, stored, link = event["seq"], event["hash"], event["prevHash"]
        except (ValueError, KeyError, TypeError) as error:
            raise Broken(f"events.jsonl line {number} is not a complete event ({error})")
        chain = chain or event["chain"]
        if event["chain"] != chain:
            raise Broken(f"events.jsonl line {number} belongs to chain {event['chain']}, not {chain}")
        if seq != expected:
            raise Broken(f"events.jsonl line {number} holds event {seq} where event {expected} belongs: events are missing or out of order")
        if link != prev:
            raise Broken(f"event {seq} does not link to event {seq - 1}: its prevHash differs")
        digest = hashlib.sha256((prev + "\n" + canonical(content)).encode("utf-8")).hexdigest()
        if digest != stored:
            raise Broken(f"event {seq} was modified: its content does not match its hash")
        hashes[seq] = digest
        prev = digest
        signoff = passkey_signoff(event)
        if signoff:
            passkey_signed[signoff] = (seq, event)
    return chain, hashes, passkey_signed


def passkey_signoff(event):
    """The sign-off id of a signoff.signed event whose signer used a passkey, else None."""
    if event.get("type") != "signoff.signed":
        return None
    actor, data = event.get("actor"), event.get("data")
    auth = actor.get("authentication") if isinstance(actor, dict) else None
    after = data.get("after") if isinstance(data, dict) else None
    if not isinstance(auth, dict) or auth.get("method") != "passkey" or not isinstance(after, dict):
        return None
    return after.get("signoffId")


def b64url(text, what):
    try:
        return base64.urlsafe_b64decode(str(text) + "=" * (-len(str(text)) % 4))
    except (ValueError, TypeError):
        raise Broken(f"{what} is not base64url")


def key_fingerprint(pem, what):
    der = openssl("pkey", "-pubin", "-in", pem, "-outform", "DER")
    if der.returncode != 0:
        raise Broken(f"{what} is not a public key")
    return hashlib.sha256(der.stdout).hexdigest()


def check_passkey_signatures(root, chain, passkey_signed, scratch):
    """Every passkey signature in passkey-signatures.json, against the event that recorded it; returns one line per signature."""
    path = os.path.join(root, "passkey-signatures.json")
    if not os.path.isfile(path):
        if passkey_signed:
            signoff, (seq, _) = next(iter(passkey_signed.items()))
            raise Broken(f"sign-off {signoff} was signed with a passkey (event {seq}), but the bundle holds no passkey-signatures.json")
        return []
    body = load_json(path, "passkey-signatures.json")
    entries = body.get("signatures") if isinstance(body, dict) else None
    if not isinstance(entries, list):
        raise Broken("passkey-signatures.json holds no list of signatures")
    lines, seen = [], set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise Broken(f"passkey-signatures.json entry {index + 1} is not an object")
        signoff = entry.get("signoffId")
        name = f"sign-off {signoff} ({entry.get('role')}, {entry.get('printedName')})"
        if signoff not in passkey_signed:
            raise Broken(f"{name}: no signoff.signed event of {chain} says it was signed with a passkey")
        seq, event = passkey_signed[signoff]
        after, auth = event["data"]["after"], event["actor"]["authentication"]
        if f"release:{entry.get('releaseId')}" != chain:
            raise Broken(f"{name}: it names release {entry.get('releaseId')}, not the release of {chain}")
        pem = os.path.join(scratch, f"passkey-{index + 1}.pem")
        with open(pem, "w", encoding="utf-8") as handle:
            handle.write(str(entry.get("publicKey", "")))
        fp = key_fingerprint(pem, f"the public key of {name}")
        if fp != auth.get("keyFingerprint") or entry.get("credentialId") != auth.get("credentialId"):
            raise Broken(f"{name}: its public key (fingerprint {fp}) is not the one event {seq} recorded ({auth.get('keyFingerprint')}): the key was swapped")
        auth_data = b64url(entry.get("authenticatorData"), f"the authenticatorData of {name}")
        client_bytes = b64url(entry.get("clientDataJSON"), f"the clientDataJSON of {name}")
        signature = b64url(entry.get("signature"), f"the signature of {name}")
        try:
            client = json.loads(client_bytes.decode("utf-8"))
            head = entry["auditHead"]
            statement = {"releaseId": entry["releaseId"], "role": entry["role"], "meaning": entry["meaning"], "contentHash": entry["contentHash"], "auditHead": {"seq": head["seq"], "hash": head["hash"]}}
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            raise Broken(f"{name}: its entry or clientDataJSON cannot be read ({error})")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(canonical(statement).encode("utf-8")).digest()).decode().rstrip("=")
        if not isinstance(client, dict) or client.get("type") != "webauthn.get":
            raise Broken(f"{name}: its clientDataJSON is not a WebAuthn assertion (webauthn.get)")
        if client.get("challenge") != challenge:
            raise Broken(f"{name}: the passkey did not sign this sign-off's release, role, meaning, content hash and audit head: the sign-off was changed after signing, or its signature was copied from another")
        origin, rp_id = entry.get("origin"), str(entry.get("rpId"))
        host = str(origin).split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0] if origin else ""
        if client.get("origin") != origin or client.get("crossOrigin") is True or not (host == rp_id or host.endswith("." + rp_id)):
            raise Broken(f"{name}: it was made at {client.get('origin')}, not at {origin} (relying party {rp_id})")
        if len(auth_data) < 37 or auth_data[:32] != hashlib.sha256(rp_id.encode("utf-8")).digest():
            raise Broken(f"{name}: its authenticatorData is not for the relying party {rp_id}")
        if auth_data[32] & 0x05 != 0x05:
            raise Broken(f"{name}: the authenticator did not see and verify the user (flags {auth_data[32]:#04x})")
        data_file, sig_file = os.path.join(scratch, f"passkey-{index + 1}.data"), os.path.join(scratch, f"passkey-{index + 1}.sig")
        with open(data_file, "wb") as handle:
            handle.write(auth_data + hashlib.sha256(client_bytes).digest())
        with open(sig_file, "wb") as handle:
            handle.write(signature)
        if entry.get("algorithm") == "Ed25519":
            ok = signed_by(pem, data_file, sig_file)
        else:
            result = openssl("dgst", "-sha256", "-verify", pem, "-signature", sig_file, data_file)
            ok = result.returncode == 0 and b"Verified OK" in result.stdout
        if not ok:
            raise Broken(f"{name}: its signature does not verify with its public key {fp}")
        for field, label in (("role", "role"), ("meaning", "meaning"), ("contentHash", "content hash"), ("auditHead", "audit head")):
            if entry.get(field) != after.get(field):
                raise Broken(f"{name}: its {label} differs from what event {seq} recorded")
        seen.add(signoff)
        lines.append(f"  sign-off {signoff} ({entry.get('role')}, {entry.get('printedName')}): passkey signature valid, key {fp} ({entry.get('algorithm')}), made at {origin}")
    for signoff, (seq, _) in passkey_signed.items():
        if signoff not in seen:
            raise Broken(f"sign-off {signoff} was signed with a passkey (event {seq}), but passkey-signatures.json does not hold its signature")
    return lines


def check_checkpoints(root, keys, chain, hashes):
    """Every signed head must lie on the recomputed chain; returns (newest signed seq, its file, count)."""
    last, newest, newest_file, count = len(hashes), 0, None, 0
    for name, path, sig in signed_files(root, "checkpoints"):
        if not any(signed_by(pem, path, sig) for _, pem, _ in keys):
            raise Broken(f"the signature of {name} does not verify with the trusted key {keys[0][0]} or a key it rotated to: the checkpoint was altered or signed by another key")
        body = load_json(path, name)
        head = body.get("heads", {}).get(chain) if isinstance(body, dict) and isinstance(body.get("heads"), dict) else None
        if not isinstance(head, dict):
            raise Broken(f"{name} signs no head for chain {chain}")
        seq, digest = head.get("seq"), head.get("hash")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
            raise Broken(f"{name} signs no valid event number for chain {chain}")
        if seq > last:
            raise Broken(f"{name} signed event {seq}, but events.jsonl ends at event {last}: events were dropped")
        if hashes[seq] != digest:
            raise Broken(f"event {seq} differs from the event {name} signed: the events were changed and the chain recomputed")
        count += 1
        if seq >= newest:
            newest, newest_file = seq, f"{name}, signed {body.get('createdAt')},"
    if count == 0:
        raise Broken("the bundle holds no signed checkpoint")
    if newest < last:
        raise Broken(f"events {newest + 1}..{last} are not covered by any signed checkpoint (the newest, {newest_file} signed event {newest})")
    return newest_file, count


def main(argv):
    published, folder, args = None, None, list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--fingerprint" and args:
            published = args.pop(0).strip().lower().replace(":", "")
        elif arg.startswith("--fingerprint="):
            published = arg.split("=", 1)[1].strip().lower().replace(":", "")
        elif arg in ("-h", "--help") or arg.startswith("-") or folder is not None:
            print(__doc__.strip().splitlines()[2])
            return 2
        else:
            folder = arg
    root = os.path.abspath(folder or os.path.dirname(os.path.abspath(__file__)))
    try:
        with tempfile.TemporaryDirectory() as scratch:
            keys = trusted_keys(root, scratch)
            if published is not None and keys[0][0] != published:
                raise Broken(f"public-key.pem has fingerprint {keys[0][0]}, not the published {published}: this is not the operator's key")
            chain, hashes, passkey_signed = recompute(root)
            newest_file, count = check_checkpoints(root, keys, chain, hashes)
            passkeys = check_passkey_signatures(root, chain, passkey_signed, scratch)
    except Broken as error:
        print(f"broken: {error}")
        return 1
    last = len(hashes)
    print(f"intact: {last} events of {chain}, head #{last} {hashes[last]}")
    print(f"  {count} signed checkpoint(s) on the chain; {newest_file} covers the last event")
    if passkeys:
        print(f"  {len(passkeys)} sign-off(s) signed with the signer's passkey, each checked against the key its event recorded:")
        for line in passkeys:
            print(f"  {line}")
    print(f"trusted key fingerprint: {keys[0][0]}")
    for fp, _, since in keys[1:]:
        print(f"  rotated at {since} to {fp}")
    if published is None:
        print("Compare the trusted key fingerprint with the one your organisation published.")
    else:
        print("It matches the published fingerprint.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
