package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.detect.Detection;
import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.detect.SensitivityHit;
import dev.switchboard.spi.Checks;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in detector. One pass cuts the text into tokens (looking every word up once in the
 * vocabulary); a second pass hands each token to the recognizers its kind and flags call for, so
 * the expensive checks run only where a cheap one fired. Candidates are then resolved into
 * non-overlapping findings, highest confidence first. Immutable and thread-safe: all per-call state
 * lives in a {@link Scan}.
 */
public final class DetectorEngine implements PhiDetector {
  /** Bumped when any recognizer, list or threshold changes what is found. */
  public static final String VERSION =
      "switchboard-phi-1.1 (numeric-v1, date-v1, name-v1, address-v1, id-v2, net-v1,"
          + " known-patient-v1, lexicon-v1, age-words-v1, udi-v1)";

  private static final DetectorEngine DEFAULTS = new DetectorEngine(DetectorSettings.DEFAULTS);

  private final DetectorSettings settings;

  public DetectorEngine(DetectorSettings settings) {
    this.settings = Checks.notNull(settings, "settings");
  }

  /** The shared detector with default settings. */
  public static DetectorEngine defaults() {
    return DEFAULTS;
  }

  @Override
  public Detection detect(String text, KnownPatient patientOrNull) {
    Checks.notNull(text, "text");
    Scan scan = new Scan(text, Vocabulary.WORDS, Scratch.borrow());
    try {
      Map<String, SensitivityHit> raised = SensitivityLexicon.newHits();
      // The known patient's matches go first so that they win ties: the audit then names the
      // matcher.
      if (patientOrNull != null && !patientOrNull.isEmpty())
        new KnownPatientMatcher(patientOrNull).match(scan);
      recognize(scan, raised);
      List<Finding> findings = scan.resolve(settings.minConfidence());
      if (raised.isEmpty()) return new Detection(findings, Set.of(), List.of());
      return new Detection(findings, raised.keySet(), List.copyOf(raised.values()));
    } finally {
      scan.release();
    }
  }

  private void recognize(Scan scan, Map<String, SensitivityHit> raised) {
    Tokens t = scan.tok;
    NumericRecognizer numbers = new NumericRecognizer(scan);
    NameRecognizer names = new NameRecognizer(scan);
    DateWordRecognizer dates = new DateWordRecognizer(scan);
    AddressRecognizer addresses = new AddressRecognizer(scan);
    NetRecognizer net = new NetRecognizer(scan);
    IdRecognizer ids = new IdRecognizer(scan, settings.sitePatterns());
    AgeWordRecognizer ageWords = new AgeWordRecognizer(scan);
    new DeviceRecognizer(scan).scan();
    boolean site = !settings.sitePatterns().isEmpty();
    int siteChunkEnd = -1;
    for (int i = 0; i < t.count; i++) {
      byte kind = t.kind[i];
      long f = t.flags[i];
      if (site
          && i > siteChunkEnd
          && kind != Tokens.PUNCT
          && !(t.joined(i) && t.isPunct(i - 1, '-'))) {
        siteChunkEnd = ids.site(i);
      }
      if (kind == Tokens.NUM) {
        numbers.scan(i);
        if (t.capitalized(i + 1) || t.isKind(i + 1, Tokens.ALNUM)) addresses.street(i);
      } else if (kind == Tokens.WORD) {
        word(scan, i, f, names, dates, addresses, net, ids, ageWords);
        if ((f & SENSITIVE) != 0) SensitivityLexicon.at(t, i, raised);
      } else if (kind == Tokens.ALNUM) {
        ids.alnum(i);
        dates.alnum(i);
        if ((f & SENSITIVE) != 0) SensitivityLexicon.at(t, i, raised);
      } else {
        punct(t, i, numbers, net);
      }
    }
  }

  private static void word(
      Scan scan,
      int i,
      long f,
      NameRecognizer names,
      DateWordRecognizer dates,
      AddressRecognizer addresses,
      NetRecognizer net,
      IdRecognizer ids,
      AgeWordRecognizer ageWords) {
    Tokens t = scan.tok;
    if (t.len(i) == 3 && t.textIs(i, "box")) addresses.poBox(i);
    if (t.len(i) == 1 && t.textIs(i, "s") && slashN(t, i))
      ids.afterCue(i + 2, FindingType.DEVICE_ID);
    if (f == 0) return;
    if ((f & (TITLE | NAME_CUE | BY_VERB | CREDENTIAL | FIRST_NAME | LAST_NAME)) != 0) names.at(i);
    if ((f & MONTH) != 0) dates.month(i);
    if ((f & ID_CUES) != 0) ids.afterCue(i);
    if ((f & URL_START) != 0) net.url(i);
    if ((f & TLD) != 0) net.bareDomain(i);
    if ((f & (STATE_ABBR | STATE_NAME)) != 0) addresses.cityBefore(i);
    if ((f & CUE_PLACE) != 0) addresses.place(i);
    if ((f & AGE_WORD) != 0) ageWords.at(i);
  }

  /** "S/N": the serial-number cue written with a slash. */
  private static boolean slashN(Tokens t, int i) {
    return t.isPunct(i + 1, '/') && t.joined(i + 1) && t.joined(i + 2) && t.textIs(i + 2, "n");
  }

  private static void punct(Tokens t, int i, NumericRecognizer numbers, NetRecognizer net) {
    char c = t.first(i);
    if (c == '@') net.email(i);
    else if (c == ':' && t.joined(i) && t.joined(i + 1)) net.ipv6(i);
    else if (c == ':' && t.isPunct(i + 1, ':')) net.ipv6(i);
    else if (c == '(') parenPhone(t, i, numbers);
  }

  /** "(617) 555-0142" and "+1 (617) 555 0142". */
  private static void parenPhone(Tokens t, int i, NumericRecognizer numbers) {
    if (!(t.isKind(i + 1, Tokens.NUM)
        && t.len(i + 1) == 3
        && t.isPunct(i + 2, ')')
        && t.isKind(i + 3, Tokens.NUM)
        && t.len(i + 3) == 3)) return;
    int last;
    if ((t.isPunct(i + 4, '-') || t.isPunct(i + 4, '.'))
        && t.isKind(i + 5, Tokens.NUM)
        && t.len(i + 5) == 4) last = i + 5;
    else if (t.isKind(i + 4, Tokens.NUM) && t.len(i + 4) == 4) last = i + 4;
    else return;
    if (!Validators.nanp(
        t.text.substring(t.start[i + 1], t.end[i + 1]),
        t.text.substring(t.start[i + 3], t.end[i + 3]))) return;
    int from = i;
    if (t.isKind(i - 1, Tokens.NUM) && t.textIs(i - 1, "1"))
      from = t.isPunct(i - 2, '+') ? i - 2 : i - 1;
    numbers.phone(from, last, 0.85);
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public String toString() {
    return "DetectorEngine["
        + VERSION
        + ", sitePatterns="
        + settings.sitePatterns().size()
        + ", minConfidence="
        + settings.minConfidence()
        + "]";
  }
}
