package dev.switchboard.compliance.internal.audit;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An appended entry's record: the trail's four stamps (seq, eventId, recorded, eventType), then the
 * event's fields, as one read-only map. A view and not a copy, because the event's fields are
 * immutable and never hold a stamp's key (an {@code AuditEvent} refuses them): copying some twenty
 * members into a {@code LinkedHashMap} was two fifths of building an entry, paid by every {@code
 * append} whose caller may never read the map.
 */
final class EntryRecord extends AbstractMap<String, Object> {
  private static final int STAMPS = 4;

  private final Long seq;
  private final String eventId;
  private final String recorded;
  private final String eventType;
  private final Map<String, Object> fields;

  EntryRecord(
      long seq, String eventId, String recorded, String eventType, Map<String, Object> fields) {
    this.seq = seq;
    this.eventId = eventId;
    this.recorded = recorded;
    this.eventType = eventType;
    this.fields = fields;
  }

  @Override
  public int size() {
    return STAMPS + fields.size();
  }

  // Every key is a string: any other key (null included) is absent, and is not handed to the
  // fields' map, which may not take one.
  @Override
  public Object get(Object key) {
    if (!(key instanceof String k)) return null;
    Object stamp = stamp(k);
    return stamp != null ? stamp : fields.get(k);
  }

  @Override
  public boolean containsKey(Object key) {
    if (!(key instanceof String k)) return false;
    return stamp(k) != null || fields.containsKey(k);
  }

  private Object stamp(String k) {
    return switch (k) {
      case "seq" -> seq;
      case "eventId" -> eventId;
      case "recorded" -> recorded;
      case "eventType" -> eventType;
      default -> null;
    };
  }

  private Entry<String, Object> stampAt(int i) {
    return switch (i) {
      case 0 -> new SimpleImmutableEntry<>("seq", seq);
      case 1 -> new SimpleImmutableEntry<>("eventId", eventId);
      case 2 -> new SimpleImmutableEntry<>("recorded", recorded);
      default -> new SimpleImmutableEntry<>("eventType", eventType);
    };
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return EntryRecord.this.size();
      }

      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int stamp;
          private Iterator<Entry<String, Object>> rest;

          @Override
          public boolean hasNext() {
            return stamp < STAMPS || rest().hasNext();
          }

          @Override
          public Entry<String, Object> next() {
            if (stamp < STAMPS) return stampAt(stamp++);
            if (!rest().hasNext()) throw new NoSuchElementException();
            // read-only even where the fields' own map would let an entry be set
            Entry<String, Object> e = rest().next();
            return new SimpleImmutableEntry<>(e.getKey(), e.getValue());
          }

          private Iterator<Entry<String, Object>> rest() {
            if (rest == null) rest = fields.entrySet().iterator();
            return rest;
          }
        };
      }
    };
  }
}
