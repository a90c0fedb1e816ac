package dev.switchboard.compliance.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorsTest {
  @Nested
  class Ssn {
    @ParameterizedTest
    @ValueSource(strings = {"219099998", "123456788", "001010001", "665991234", "899451234"})
    void acceptsIssuableNumbers(String ssn) {
      assertThat(Validators.ssn(ssn)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "000123456",
          "666123456",
          "912345678",
          "123004567",
          "123450000",
          "111111111",
          "123456789",
          "078051120",
          "12345678",
          "1234567890",
          "12345678a"
        })
    void rejectsReservedZeroRepeatedAndFamousFakeNumbers(String ssn) {
      assertThat(Validators.ssn(ssn)).isFalse();
    }
  }

  @Test
  void luhnAcceptsValidAndRejectsOneDigitOff() {
    assertThat(Validators.luhn("79927398713")).isTrue();
    assertThat(Validators.luhn("79927398710")).isFalse();
    assertThat(Validators.luhn("7992739871x")).isFalse();
  }

  @Test
  void npiUsesLuhnWithThe80840Prefix() {
    assertThat(Validators.npi("1234567893")).isTrue(); // CMS's published example
    assertThat(Validators.npi("1234567890")).isFalse();
    assertThat(Validators.npi("3234567893")).isFalse(); // must start with 1 or 2
    assertThat(Validators.npi("123456789")).isFalse();
  }

  @Test
  void deaChecksRegistrantTypeAndCheckDigit() {
    // 1+3+5 = 9, 2*(2+4+6) = 24, 33 -> check digit 3.
    assertThat(Validators.dea("AB1234563")).isTrue();
    assertThat(Validators.dea("AB1234564")).isFalse();
    assertThat(Validators.dea("AZ1234563")).isTrue();
    assertThat(Validators.dea("A91234563")).isTrue();
    assertThat(Validators.dea("ZB1234563")).isFalse(); // Z is not a registrant type
    assertThat(Validators.dea("A11234563")).isFalse();
  }

  @Test
  void mbiFollowsTheCmsCharacterPositions() {
    assertThat(Validators.mbi("1EG4TE5MK73")).isTrue(); // CMS's published example
    assertThat(Validators.mbi("0EG4TE5MK73")).isFalse(); // position 1 is 1-9
    assertThat(Validators.mbi("1SG4TE5MK73")).isFalse(); // S is excluded
    assertThat(Validators.mbi("1EG4TE5MK7A")).isFalse(); // position 11 is a digit
    assertThat(Validators.mbi("1EG4TE5MK7")).isFalse();
  }

  @Test
  void vinChecksTheNinthCharacter() {
    assertThat(Validators.vin("1HGCM82633A004352")).isTrue();
    assertThat(Validators.vin("11111111111111111")).isFalse(); // all digits: a number, not a VIN
    assertThat(Validators.vin("1HGCM82643A004352")).isFalse();
    assertThat(Validators.vin("1HGCM8263OA004352")).isFalse(); // O is not allowed
  }

  @Test
  void cardNeedsLuhnAndAKnownIssuerRange() {
    assertThat(Validators.card("4111111111111111")).isTrue();
    assertThat(Validators.card("5500000000000004")).isTrue();
    assertThat(Validators.card("378282246310005")).isTrue();
    assertThat(Validators.card("6011111111111117")).isTrue();
    assertThat(Validators.card("4111111111111112")).isFalse();
    assertThat(Validators.card("9111111111111111")).isFalse(); // no issuer
    assertThat(Validators.card("411111111111")).isFalse();
  }

  @Test
  void nanpRejectsAreaOrExchangeStartingWith0Or1AndServiceCodes() {
    assertThat(Validators.nanp("617", "555")).isTrue();
    assertThat(Validators.nanp("117", "555")).isFalse();
    assertThat(Validators.nanp("617", "055")).isFalse();
    assertThat(Validators.nanp("611", "555")).isFalse();
  }

  @Test
  void ipAddresses() {
    assertThat(Validators.ipv4("10.12.0.3")).isTrue();
    assertThat(Validators.ipv4("256.1.1.1")).isFalse();
    assertThat(Validators.ipv4("1.2.3")).isFalse();
    assertThat(Validators.ipv4("01.2.3.4")).isFalse();
    assertThat(Validators.ipv6("2001:db8::1")).isTrue();
    assertThat(Validators.ipv6("fe80:0:0:0:1ff:fe23:4567:890a")).isTrue();
    assertThat(Validators.ipv6("::ffff:10.0.0.1")).isTrue();
    assertThat(Validators.ipv6("10:30:15")).isFalse();
    assertThat(Validators.ipv6("1::2::3")).isFalse();
    assertThat(Validators.ipv6("12345::1")).isFalse();
  }
}
