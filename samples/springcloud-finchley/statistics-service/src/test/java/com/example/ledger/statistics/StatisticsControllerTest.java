package com.example.ledger.statistics;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.junit4.SpringRunner;
import org.springframework.test.web.servlet.MockMvc;

@RunWith(SpringRunner.class)
@WebMvcTest(StatisticsController.class)
@ActiveProfiles("test")
public class StatisticsControllerTest {

    @Autowired
    private MockMvc mvc;

    @Test
    public void answersPerAccount() throws Exception {
        mvc.perform(get("/demo")).andExpect(status().isOk()).andExpect(content().string("0 spent by demo"));
    }
}
