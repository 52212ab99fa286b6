package io.snowfox.runtime.security;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.v1.TokenRecord;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's API tokens: {@link Addresses#TOKENS_MAP}, token id to the record (the secret's
 * hash, never the secret). Every call blocks on Hazelcast: call it off the event loop.
 *
 * <p>A revoked record is never replaced by one that is not: revocation is final, whatever
 * order copies of a record arrive in.
 */
public final class TokenMap {

  private static final Logger log = LoggerFactory.getLogger(TokenMap.class);

  private final IMap<String, String> map;
  private final RecordSigner signer;

  /**
   * The token map, its records signed with the cluster key: a record a stranger in Hazelcast
   * wrote (to grant itself a token, or to un-revoke one) does not verify and is ignored.
   */
  public TokenMap(HazelcastInstance hazelcast, RecordSigner signer) {
    this.map = hazelcast.getMap(Addresses.TOKENS_MAP);
    this.signer = signer;
  }

  /** Puts a record, unless the map holds it revoked already; returns what the map holds. */
  public TokenRecord put(TokenRecord record) {
    Optional<TokenRecord> held = get(record.getId());
    if (held.isPresent() && held.get().getRevoked() && !record.getRevoked()) {
      return held.get();
    }
    map.set(record.getId(), signer.sign(Addresses.TOKENS_MAP, record.getId(), encode(record)));
    return record;
  }

  /** The record of a token id, when the map holds a valid one. */
  public Optional<TokenRecord> get(String id) {
    return decode(id, map.get(id));
  }

  /** Every valid record of the map. */
  public List<TokenRecord> all() {
    List<TokenRecord> records = new ArrayList<>();
    map.forEach((id, value) -> decode(id, value).ifPresent(records::add));
    return records;
  }

  /**
   * Calls {@code changed} with every record added or changed from now on, on a Hazelcast
   * thread; returns what stops it.
   */
  public AutoCloseable listen(Consumer<TokenRecord> changed) {
    UUID added = map.addEntryListener((EntryAddedListener<String, String>) event ->
        decode(event.getKey(), event.getValue()).ifPresent(changed), true);
    UUID updated = map.addEntryListener((EntryUpdatedListener<String, String>) event ->
        decode(event.getKey(), event.getValue()).ifPresent(changed), true);
    return () -> {
      map.removeEntryListener(added);
      map.removeEntryListener(updated);
    };
  }

  static String encode(TokenRecord record) {
    return Base64.getEncoder().encodeToString(record.toByteArray());
  }

  private Optional<TokenRecord> decode(String id, String signed) {
    if (signed == null) {
      return Optional.empty();
    }
    return signer.open(Addresses.TOKENS_MAP, id, signed).flatMap(value -> parse(id, value));
  }

  static Optional<TokenRecord> parse(String id, String value) {
    try {
      TokenRecord record = TokenRecord.parseFrom(Base64.getDecoder().decode(value));
      if (!record.getId().equals(id)) {
        log.warn("ignored the token record under '{}': it names token '{}'", id, record.getId());
        return Optional.empty();
      }
      return Optional.of(record);
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      log.warn("ignored an unreadable token record under '{}': {}", id, e.getMessage());
      return Optional.empty();
    }
  }
}
