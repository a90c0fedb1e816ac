package dev.switchboard.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A sample Spring Boot application that summarizes notes through Switchboard. */
@SpringBootApplication
public class SummaryApplication {

  /**
   * Starts the application.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(SummaryApplication.class, args);
  }
}
