package io.qsredis.testbed;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class StrategicMergePatchTest {

    private static JsonNode json(String text) {
        return Serialization.jsonMapper().readTree(text.replace('\'', '"'));
    }

    private static JsonNode patched(String target, String patch) {
        return StrategicMergePatch.apply(json(target), json(patch));
    }

    @Test
    void containersMergeByNameAndKeepTheOthers() {
        JsonNode result = patched(
                "{'spec':{'containers':[{'name':'redis','image':'redis:7.0.15'},{'name':'exporter','image':'e:1'}]}}",
                "{'spec':{'containers':[{'name':'redis','image':'redis:7.0.16'}]}}");

        assertThat(result).isEqualTo(json(
                "{'spec':{'containers':[{'name':'redis','image':'redis:7.0.16'},{'name':'exporter','image':'e:1'}]}}"));
    }

    @Test
    void aNewListElementIsAppended() {
        JsonNode result = patched("{'env':[{'name':'A','value':'1'}]}", "{'env':[{'name':'B','value':'2'}]}");

        assertThat(result).isEqualTo(json("{'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}"));
    }

    @Test
    void containerPortsMergeByContainerPortAndServicePortsByPort() {
        JsonNode pod = patched(
                "{'containers':[{'name':'redis','ports':[{'containerPort':6379,'name':'redis'}]}]}",
                "{'containers':[{'name':'redis','ports':[{'containerPort':6379,'protocol':'TCP'}]}]}");
        JsonNode service = patched(
                "{'spec':{'ports':[{'port':6379,'name':'redis'},{'port':26379,'name':'sentinel'}]}}",
                "{'spec':{'ports':[{'port':6379,'targetPort':6380}]}}");

        assertThat(pod).isEqualTo(json("{'containers':[{'name':'redis','ports':[{'containerPort':6379,'name':'redis','protocol':'TCP'}]}]}"));
        assertThat(service).isEqualTo(json(
                "{'spec':{'ports':[{'port':6379,'name':'redis','targetPort':6380},{'port':26379,'name':'sentinel'}]}}"));
    }

    @Test
    void volumeMountsMergeByMountPath() {
        JsonNode result = patched("{'volumeMounts':[{'mountPath':'/data','name':'a'}]}",
                "{'volumeMounts':[{'mountPath':'/data','name':'b'}]}");

        assertThat(result).isEqualTo(json("{'volumeMounts':[{'mountPath':'/data','name':'b'}]}"));
    }

    @Test
    void aListWithoutMergeKeyIsReplaced() {
        JsonNode result = patched("{'args':['a','b'],'tolerations':[{'key':'x'}]}", "{'args':['c'],'tolerations':[{'key':'y'}]}");

        assertThat(result).isEqualTo(json("{'args':['c'],'tolerations':[{'key':'y'}]}"));
    }

    @Test
    void nullRemovesAMember() {
        assertThat(patched("{'metadata':{'labels':{'a':'1','b':'2'}}}", "{'metadata':{'labels':{'a':null}}}"))
                .isEqualTo(json("{'metadata':{'labels':{'b':'2'}}}"));
    }

    @Test
    void patchDeleteRemovesTheElementWithThatKey() {
        JsonNode result = patched("{'containers':[{'name':'a'},{'name':'b'}]}", "{'containers':[{'name':'a','$patch':'delete'}]}");

        assertThat(result).isEqualTo(json("{'containers':[{'name':'b'}]}"));
    }

    @Test
    void patchReplaceInAListReplacesTheWholeList() {
        JsonNode result = patched("{'containers':[{'name':'a'},{'name':'b'}]}",
                "{'containers':[{'name':'c'},{'$patch':'replace'}]}");

        assertThat(result).isEqualTo(json("{'containers':[{'name':'c'}]}"));
    }

    @Test
    void patchReplaceOnAnObjectReplacesIt() {
        JsonNode result = patched("{'spec':{'selector':{'a':'1','b':'2'}}}", "{'spec':{'selector':{'$patch':'replace','c':'3'}}}");

        assertThat(result).isEqualTo(json("{'spec':{'selector':{'c':'3'}}}"));
    }

    @Test
    void patchDeleteOnAnObjectRemovesIt() {
        assertThat(patched("{'spec':{'strategy':{'type':'x'},'replicas':1}}", "{'spec':{'strategy':{'$patch':'delete'}}}"))
                .isEqualTo(json("{'spec':{'replicas':1}}"));
    }

    @Test
    void retainKeysDropsTheKeysItDoesNotList() {
        JsonNode result = patched("{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}",
                "{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}");

        assertThat(result).isEqualTo(json("{'strategy':{'type':'Recreate'}}"));
    }

    @Test
    void setElementOrderOrdersTheMergedList() {
        JsonNode result = patched("{'containers':[{'name':'a'},{'name':'b'}]}",
                "{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],'containers':[{'name':'a','image':'i'}]}");

        assertThat(result).isEqualTo(json("{'containers':[{'name':'b'},{'name':'a','image':'i'}]}"));
    }

    @Test
    void deleteFromPrimitiveListRemovesThoseValues() {
        JsonNode result = patched("{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}");

        assertThat(result).isEqualTo(json("{'metadata':{'finalizers':['a','c']}}"));
    }

    @Test
    void finalizersMergeAsASet() {
        assertThat(patched("{'metadata':{'finalizers':['a']}}", "{'metadata':{'finalizers':['a','b']}}"))
                .isEqualTo(json("{'metadata':{'finalizers':['a','b']}}"));
    }

    @Test
    void conditionsMergeByType() {
        JsonNode result = patched("{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'X','status':'True'}]}}",
                "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}");

        assertThat(result).isEqualTo(json("{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'X','status':'True'}]}}"));
    }

    @Test
    void theTargetIsLeftUnchanged() {
        JsonNode target = json("{'containers':[{'name':'a'}]}");
        StrategicMergePatch.apply(target, json("{'containers':[{'name':'a','image':'i'}]}"));

        assertThat(target).isEqualTo(json("{'containers':[{'name':'a'}]}"));
    }
}
