package io.qsredis.testbed;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {

    private static JsonNode json(String text) {
        return Serialization.jsonMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void nullRemovesAMemberAndArraysAreReplacedWhole() {
        JsonNode target = json("{'a':{'b':1,'c':2},'list':[1,2,3],'keep':true}");

        JsonNode result = JsonMergePatch.apply(target, json("{'a':{'b':null,'d':4},'list':[9]}"));

        assertThat(result).isEqualTo(json("{'a':{'c':2,'d':4},'list':[9],'keep':true}"));
        assertThat(target).isEqualTo(json("{'a':{'b':1,'c':2},'list':[1,2,3],'keep':true}"));
    }

    @Test
    void aNonObjectPatchReplacesTheTarget() {
        assertThat(JsonMergePatch.apply(json("{'a':1}"), json("[1]"))).isEqualTo(json("[1]"));
    }

    @Test
    void diffIsThePatchThatTurnsSourceIntoTarget() {
        JsonNode source = json("{'spec':{'size':3,'gone':'x','same':{'k':'v'}},'list':[1]}");
        JsonNode target = json("{'spec':{'size':5,'same':{'k':'v'},'new':{'n':1}},'list':[1,2]}");

        JsonNode patch = JsonMergePatch.diff(source, target);

        assertThat(patch).isEqualTo(json("{'spec':{'size':5,'gone':null,'new':{'n':1}},'list':[1,2]}"));
        assertThat(JsonMergePatch.apply(source, patch)).isEqualTo(target);
    }

    @Test
    void diffOfEqualDocumentsIsEmpty() {
        JsonNode document = json("{'a':{'b':[1,{'c':2}]}}");

        assertThat(JsonMergePatch.diff(document, document.deepCopy()).isEmpty()).isTrue();
    }
}
