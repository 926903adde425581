package com.example.bookstore.web;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;

import com.example.bookstore.api.Book;
import com.example.bookstore.api.BookService;

@Controller
@RequestMapping("/books")
public class BookController {

    private static final String TEXT = "text/plain;charset=UTF-8";

    @Autowired
    private BookService bookService;

    /** One ISBN per line. */
    @RequestMapping(method = RequestMethod.GET, produces = TEXT)
    @ResponseBody
    public String list() {
        StringBuilder out = new StringBuilder();
        for (String isbn : bookService.listIsbns()) {
            out.append(isbn).append('\n');
        }
        return out.toString();
    }

    @RequestMapping(value = "/{isbn}", method = RequestMethod.GET, produces = TEXT)
    @ResponseBody
    public ResponseEntity<String> show(@PathVariable("isbn") String isbn) {
        Book book = bookService.findBook(isbn);
        if (book == null) {
            return new ResponseEntity<String>("no book " + isbn + "\n", HttpStatus.NOT_FOUND);
        }
        return new ResponseEntity<String>(book.getIsbn() + ": " + book.getTitle() + " (from " + book.getServedBy() + ")\n", HttpStatus.OK);
    }
}
