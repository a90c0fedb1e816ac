package dev.switchboard.examples.spring;

import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The sample application on the mock provider: it starts, answers, and reports its health and
 * metrics through Actuator.
 */
@SpringBootTest(properties = "switchboard.mock=true")
@AutoConfigureMockMvc
class SummaryApplicationTest {
  @Autowired MockMvc mvc;

  @Test
  void startsAnswersFromTheMockAndReportsHealthAndMetrics() throws Exception {
    mvc.perform(
            post("/summaries")
                .contentType(MediaType.TEXT_PLAIN)
                .content("Admitted with chest pain; troponin negative; discharged home."))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.provider").value("gpu-ward"))
        .andExpect(jsonPath("$.summary").isNotEmpty());

    mvc.perform(get("/actuator/health"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"))
        .andExpect(jsonPath("$.components.switchboard.components.gpu-ward.status").value("UP"));

    mvc.perform(get("/actuator/metrics/gen_ai.client.operation.duration"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.measurements[0].value", greaterThanOrEqualTo(1.0)));

    mvc.perform(get("/actuator/switchboard"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.routes.notes.targets[0].model").value("llama-3.1-8b"))
        .andExpect(jsonPath("$.routes.notes.targets[0].circuit").value("closed"));
  }
}
